package dev.rotor.it.support;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clients that refresh their own session in a loop, spreading calls over several instances the way
 * a load balancer would. A call that fails (connection refused, 5xx) is retried at once with the
 * same token on the next instance. Every refresh token handed out is recorded per session and
 * generation, so a fork (one generation handed out with two different secrets) is detected.
 */
public final class RefreshLoad {

    private final List<RotorProcess> instances;
    private final List<Client> clients = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
    private volatile boolean running;

    public RefreshLoad(List<RotorProcess> instances, int sessions) {
        this.instances = instances;
        Api first = instances.get(0).api();
        for (int i = 0; i < sessions; i++) {
            clients.add(new Client(first.login(first.newUser("load")).refresh()));
        }
    }

    public RefreshLoad start() {
        running = true;
        for (int i = 0; i < clients.size(); i++) {
            Client client = clients.get(i);
            int offset = i;
            Thread thread = new Thread(() -> client.run(offset), "refresh-load-" + i);
            threads.add(thread);
            thread.start();
        }
        return this;
    }

    public void stop() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(60_000);
        }
    }

    /** Answers seen, by "instance status" (e.g. "cluster-b 200", "cluster-a refused"). */
    public Map<String, AtomicInteger> answers() {
        return answers;
    }

    public int count(String key) {
        AtomicInteger n = answers.get(key);
        return n == null ? 0 : n.get();
    }

    /** Forks and refusals of a live session; empty when all is well. */
    public List<String> failures() {
        return failures;
    }

    public List<Client> clients() {
        return clients;
    }

    /** One session: its newest refresh token and every token handed out, by generation. */
    public final class Client {

        private volatile String current;
        private final Map<Long, String> handedOut = new ConcurrentHashMap<>();

        Client(String first) {
            this.current = first;
            handedOut.put(generation(first), first);
        }

        public String current() {
            return current;
        }

        public String sessionId() {
            return current.split("\\.")[0];
        }

        public long generation() {
            return generation(current);
        }

        void run(int offset) {
            int next = offset;
            while (running) {
                RotorProcess instance = instances.get(next++ % instances.size());
                String key;
                try {
                    Reply reply = instance.api().refresh(current);
                    key = instance.name() + " " + reply.status();
                    if (reply.status() == 200) {
                        accept(reply.string("refresh_token"));
                    } else if (reply.status() < 500 && reply.status() != 404) {
                        failures.add(instance.name() + " refused session " + sessionId() + " at generation "
                                + generation() + ": " + reply);
                        tally(key);
                        return;
                    }
                } catch (UncheckedIOException | IllegalStateException refused) {
                    key = instance.name() + " refused";
                }
                tally(key);
            }
        }

        private void accept(String token) {
            String earlier = handedOut.putIfAbsent(generation(token), token);
            if (earlier != null && !earlier.equals(token)) {
                failures.add("session " + sessionId() + " forked: generation " + generation(token)
                        + " was handed out twice with different secrets");
            }
            if (generation(token) < generation(current)) {
                failures.add("session " + sessionId() + " went back from generation " + generation(current));
            }
            current = token;
        }

        private long generation(String token) {
            return Long.parseLong(token.split("\\.")[1]);
        }
    }

    private void tally(String key) {
        answers.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }
}
