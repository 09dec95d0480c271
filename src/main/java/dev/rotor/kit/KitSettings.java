package dev.rotor.kit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The kit's configuration: where Rotor is, who this resource server is, and how stale is too stale. */
@ApplicationScoped
public class KitSettings {

    @Inject
    @ConfigProperty(name = "rotor.kit.base-url")
    String baseUrl;

    @Inject
    @ConfigProperty(name = "rotor.kit.client-id")
    String clientId;

    @Inject
    @ConfigProperty(name = "rotor.kit.client-secret")
    String clientSecret;

    @Inject
    @ConfigProperty(name = "rotor.kit.fail-open", defaultValue = "false")
    boolean failOpen;

    @Inject
    @ConfigProperty(name = "rotor.kit.max-staleness", defaultValue = "PT10S")
    Duration maxStaleness;

    @Inject
    @ConfigProperty(name = "rotor.kit.cookies.secure", defaultValue = "true")
    boolean secureCookies;

    @Inject
    @ConfigProperty(name = "rotor.kit.issuer")
    Optional<String> issuer;

    @Inject
    @ConfigProperty(name = "rotor.kit.allow-http", defaultValue = "false")
    boolean allowHttp;

    /** Where the app serves its back-channel logout endpoint ({@code rotor.kit.backchannel-logout.path}); empty = none. */
    @Inject
    @ConfigProperty(name = "rotor.kit.backchannel-logout.path")
    Optional<String> backchannelLogoutPath;

    /** The OIDC client id logout tokens are addressed to ({@code aud}); by default {@code rotor.kit.client-id}. */
    @Inject
    @ConfigProperty(name = "rotor.kit.backchannel-logout.client-id")
    Optional<String> backchannelLogoutClientId;

    Optional<String> backchannelLogoutPath() {
        return backchannelLogoutPath == null ? Optional.empty() : backchannelLogoutPath.filter(p -> !p.isBlank());
    }

    String backchannelLogoutClientId() {
        return backchannelLogoutClientId == null ? clientId : backchannelLogoutClientId.filter(c -> !c.isBlank()).orElse(clientId);
    }

    String baseUrl() {
        return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    String clientId() {
        return clientId;
    }

    String clientSecret() {
        return clientSecret;
    }

    /** Rotor's issuer when set apart from the base URL ({@code rotor.kit.issuer}), else empty. */
    Optional<String> issuer() {
        return issuer == null ? Optional.empty() : issuer;
    }

    /** Whether the client secret may go over plain http to a host that is not this machine. */
    boolean allowHttp() {
        return allowHttp;
    }

    boolean failOpen() {
        return failOpen;
    }

    Duration maxStaleness() {
        return maxStaleness;
    }

    /** Rotor's access cookie: {@code __Host-rotor-at}, or {@code rotor-at} when Rotor runs with insecure cookies. */
    String accessCookie() {
        return secureCookies ? "__Host-rotor-at" : "rotor-at";
    }

    String csrfCookie() {
        return secureCookies ? "__Host-rotor-csrf" : "rotor-csrf";
    }

    /** How long one long-poll waits: half the staleness bound, so an idle feed never looks stale. */
    long pollWaitSeconds() {
        return Math.max(1, Math.min(25, maxStaleness.toSeconds() / 2));
    }
}
