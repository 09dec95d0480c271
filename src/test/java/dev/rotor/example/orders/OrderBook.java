package dev.rotor.example.orders;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Orders per account id, in memory. */
@ApplicationScoped
public class OrderBook {

    private final Map<String, List<String>> byAccount = new ConcurrentHashMap<>();

    List<String> of(String accountId) {
        return byAccount.getOrDefault(accountId, List.of());
    }

    void place(String accountId, String item) {
        byAccount.computeIfAbsent(accountId, k -> new CopyOnWriteArrayList<>()).add(item);
    }
}
