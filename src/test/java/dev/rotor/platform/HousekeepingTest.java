package dev.rotor.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.enterprise.inject.Instance;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HousekeepingTest {

    static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

    final List<String> ran = new ArrayList<>();

    Housekeeping cut = new Housekeeping();

    private Housekeeping.Chore chore(String name, boolean fails) {
        return new Housekeeping.Chore() {
            @Override
            public String deletes() {
                return name;
            }

            @Override
            public int run(Instant now) {
                ran.add(name + "@" + now);
                if (fails) {
                    throw new IllegalStateException("database gone");
                }
                return 3;
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static Instance<Housekeeping.Chore> instance(List<Housekeeping.Chore> chores) {
        return (Instance<Housekeeping.Chore>) Proxy.newProxyInstance(HousekeepingTest.class.getClassLoader(),
                new Class<?>[] {Instance.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "iterator" -> chores.iterator();
                    case "stream" -> chores.stream();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void everyChoreRunsWithTheSameNowEvenWhenOneFails() {
        cut.chores = instance(List.of(chore("old sessions", true), chore("audit events", false)));
        cut.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        cut.interval = Duration.ofHours(1);

        cut.runChores();

        assertEquals(List.of("old sessions@" + NOW, "audit events@" + NOW), ran);
    }
}
