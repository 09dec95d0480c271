package dev.rotor.platform;

import jakarta.json.spi.JsonProvider;

/**
 * The one JSON-P provider Rotor's code builds and reads JSON with, looked up once.
 *
 * <p>Every {@code jakarta.json.JSON.createXxx(...)} call runs {@link JsonProvider#provider()}, a
 * {@code ServiceLoader} scan of the application's jars, per call (42 % of a protected
 * call's CPU together with Payara's own lookups). Holding the provider here pays for that once.
 */
public final class JsonSupport {

    /** Thread-safe: JSON-P providers are stateless factories. */
    public static final JsonProvider JSON = JsonProvider.provider();

    private JsonSupport() {
    }
}
