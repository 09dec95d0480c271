package dev.rotor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.account.control.AdminBootstrap;
import dev.rotor.browser.control.CsrfGuard;
import dev.rotor.custody.control.KeyCustody;
import dev.rotor.custody.control.SealedSecrets;
import dev.rotor.factor.control.Totps;
import dev.rotor.oauth.control.RevocationFeedTicker;
import dev.rotor.platform.Migrations;
import dev.rotor.platform.RotorSettings;
import dev.rotor.platform.Started;
import dev.rotor.access.control.RevocationFollower;
import dev.rotor.access.control.RevocationPolling;
import dev.rotor.token.control.Audiences;
import dev.rotor.token.control.SigningKeys;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigBuilder;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The timers that read the revocation log start only once start-up is done: {@link StartUp}
 * fires {@link Started} after its last step and only when every step succeeded, and the pollers
 * are created and scheduled by observing it, not when the container deploys them. (That they then
 * fire as often as stated is {@code ResourceServerKitIT#timersFireMoreOftenThanOnceASecond}.)
 */
class StartUpOrderTest {

    static final List<Class<?>> POLLERS = List.of(RevocationPolling.class, RevocationFeedTicker.class);

    final List<String> steps = new ArrayList<>();
    final StartUp startUp = new StartUp();

    @TempDir
    Path dataDir;

    @Test
    void startedIsFiredOnceAfterTheLastStep() {
        startUp.start();

        assertEquals(List.of("migrate", "load custody", "reseal", "reseal totp", "load signing keys", "load csrf key", "first admin",
                "follow revocations", "Started"), steps);
    }

    @Test
    void aStartThatFailsFiresNothing() {
        startUp.migrations = new Migrations() {
            @Override
            public void migrate() {
                throw new IllegalStateException("the database refused the migration");
            }
        };

        assertThrows(IllegalStateException.class, startUp::start);
        assertEquals(List.of(), steps, "no later step ran, and Started was not fired");
    }

    @Test
    void thePollersAreScheduledByStartedAndByNothingElse() {
        for (Class<?> poller : POLLERS) {
            assertNull(poller.getAnnotation(Startup.class), poller.getSimpleName() + " is not created when deployed");
            List<Method> methods = Arrays.asList(poller.getDeclaredMethods());
            assertEquals(List.of(), methods.stream().filter(m -> m.isAnnotationPresent(PostConstruct.class)).toList(),
                    poller.getSimpleName() + " schedules nothing when it is created");
            List<Method> observers = methods.stream()
                    .filter(m -> Arrays.stream(m.getParameters()).anyMatch(p -> p.isAnnotationPresent(Observes.class)))
                    .toList();
            assertEquals(1, observers.size(), poller.getSimpleName() + " observes one event");
            Parameter observed = observers.get(0).getParameters()[0];
            assertTrue(observed.isAnnotationPresent(Observes.class) && observed.getType() == Started.class,
                    poller.getSimpleName() + " starts on Started");
            assertTrue(methods.stream().anyMatch(m -> m.isAnnotationPresent(Timeout.class)), poller.getSimpleName() + " is a timer");
        }
    }

    @Test
    void thePushListenerStartsOnStartedAndByNothingElse() {
        Class<?> push = dev.rotor.access.control.RevocationPush.class;
        assertNull(push.getAnnotation(Startup.class), "RevocationPush is not created when deployed");
        List<Method> methods = Arrays.asList(push.getDeclaredMethods());
        assertEquals(List.of(), methods.stream().filter(m -> m.isAnnotationPresent(PostConstruct.class)).toList(),
                "RevocationPush connects nothing when it is created");
        assertTrue(methods.stream().anyMatch(m -> m.getParameterCount() == 1 && m.getParameters()[0].isAnnotationPresent(Observes.class)
                && m.getParameterTypes()[0] == Started.class), "RevocationPush starts on Started");
    }

    @Test
    void noBeanNamesAnotherByStringToOrderTheStart() throws java.io.IOException {
        try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("src/main/java"))) {
            List<String> dependsOn = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> {
                        try {
                            return java.nio.file.Files.readString(f).contains("@DependsOn");
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(Object::toString).toList();
            assertEquals(List.of(), dependsOn, "start-up order is the Started event, not @DependsOn(\"name\")");
        }
    }

    @BeforeEach
    void fakeEveryStep() {
        // rotor.http.trusted-proxies, read by StartUp: not set
        ConfigProviderResolver.setInstance(new EmptyConfig());
        startUp.settings = RotorSettings.defaults().withDataDir(dataDir);
        startUp.audiences = new Audiences() {
            @Override
            public Set<String> all() {
                return Set.of("rotor");
            }
        };
        startUp.custody = new KeyCustody() {
            @Override
            public void prepareDataDir() {
            }

            @Override
            public void load() {
                steps.add("load custody");
            }
        };
        startUp.migrations = new Migrations() {
            @Override
            public void migrate() {
                steps.add("migrate");
            }
        };
        startUp.sealedSecrets = new SealedSecrets() {
            @Override
            public void resealAll() {
                steps.add("reseal");
            }
        };
        startUp.totps = new Totps() {
            @Override
            public void resealAll() {
                steps.add("reseal totp");
            }
        };
        startUp.signingKeys = new SigningKeys() {
            @Override
            public void load() {
                steps.add("load signing keys");
            }
        };
        startUp.csrfGuard = new CsrfGuard() {
            @Override
            public void load() {
                steps.add("load csrf key");
            }
        };
        startUp.adminBootstrap = new AdminBootstrap() {
            @Override
            public void createFirstAdminIfNoAccounts() {
                steps.add("first admin");
            }
        };
        startUp.mfaPolicy = new dev.rotor.account.control.MfaPolicy("admin", false);
        startUp.revocationFollower = new RevocationFollower() {
            @Override
            public synchronized void start() {
                steps.add("follow revocations");
            }
        };
        startUp.started = startedEvent();
    }

    @AfterEach
    void forgetTheConfig() {
        ConfigProviderResolver.setInstance(null);
    }

    @SuppressWarnings("unchecked")
    private Event<Started> startedEvent() {
        return (Event<Started>) Proxy.newProxyInstance(Event.class.getClassLoader(), new Class<?>[]{Event.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("fire") && args[0] instanceof Started) {
                        steps.add("Started");
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A configuration with no value set. */
    static final class EmptyConfig extends ConfigProviderResolver {

        private final Config config = (Config) Proxy.newProxyInstance(Config.class.getClassLoader(), new Class<?>[]{Config.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getOptionalValue")) {
                        return Optional.empty();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });

        @Override
        public Config getConfig() {
            return config;
        }

        @Override
        public Config getConfig(ClassLoader loader) {
            return config;
        }

        @Override
        public ConfigBuilder getBuilder() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void registerConfig(Config config, ClassLoader classLoader) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void releaseConfig(Config config) {
        }
    }
}
