package dev.rotor.kit;

import jakarta.annotation.Priority;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Enforces {@link RequiresMfa}: after the revocation check and the role check, a token without
 * {@code mfa} in its {@code amr}, or (with {@code maxAgeSeconds}) whose {@code auth_time} is older,
 * gets 401 problem {@code insufficient-user-authentication} with the RFC 9470 §3 challenge
 * {@code Bearer error="insufficient_user_authentication", error_description="…", acr_values="mfa"}
 * and {@code max_age="N"} when set. A request without a token is left to the role check.
 */
@Provider
@RequiresMfa
@Priority(Priorities.AUTHORIZATION + 10)
public class MfaRequirement implements ContainerRequestFilter {

    static final String MFA = "mfa";
    static final String SLUG = "insufficient-user-authentication";

    @Context
    ResourceInfo resource;

    Clock clock = Clock.systemUTC();

    @Override
    public void filter(ContainerRequestContext request) {
        if (!(request.getSecurityContext().getUserPrincipal() instanceof JsonWebToken jwt)) {
            return;
        }
        Response refusal = refusal(jwt.getClaim("amr"), jwt.getClaim("auth_time"), maxAgeSeconds(), clock.instant());
        if (refusal != null) {
            request.abortWith(refusal);
        }
    }

    /** The {@code maxAgeSeconds} of the method's annotation, else of its class's; 0 when neither sets one. */
    private long maxAgeSeconds() {
        if (resource == null) {
            return 0;
        }
        RequiresMfa on = resource.getResourceMethod() == null ? null : resource.getResourceMethod().getAnnotation(RequiresMfa.class);
        if (on == null && resource.getResourceClass() != null) {
            on = resource.getResourceClass().getAnnotation(RequiresMfa.class);
        }
        return on == null ? 0 : on.maxAgeSeconds();
    }

    /** The answer for a token with these {@code amr} and {@code auth_time} claims, or null when it may pass. */
    static Response refusal(Object amr, Object authTime, long maxAgeSeconds, Instant now) {
        boolean multiFactor = contains(amr, MFA);
        Long time = seconds(authTime);
        boolean tooOld = maxAgeSeconds > 0 && (time == null || now.getEpochSecond() - time > maxAgeSeconds);
        if (multiFactor && !tooOld) {
            return null;
        }
        String detail = !multiFactor
                ? (maxAgeSeconds > 0 ? "This call needs a sign-in with a second factor, in the last " + maxAgeSeconds + " seconds."
                        : "This call needs a sign-in with a second factor.")
                : "This call needs a sign-in with a second factor in the last " + maxAgeSeconds + " seconds.";
        String challenge = "Bearer error=\"insufficient_user_authentication\", error_description=\"" + detail + "\", acr_values=\"" + MFA + "\""
                + (maxAgeSeconds > 0 ? ", max_age=\"" + maxAgeSeconds + "\"" : "");
        return Response.fromResponse(KitProblems.problem(SLUG, "Unauthorized", 401, detail))
                .header("WWW-Authenticate", challenge)
                .build();
    }

    /** Whether a claim (a JSON array, a collection, or a space-separated string) holds {@code value}. */
    static boolean contains(Object claim, String value) {
        if (claim instanceof JsonArray array) {
            return array.stream().anyMatch(v -> v instanceof JsonString s && s.getString().equals(value));
        }
        if (claim instanceof Collection<?> values) {
            return values.stream().anyMatch(v -> v != null && unquoted(v).equals(value));
        }
        if (claim instanceof JsonString s) {
            return java.util.List.of(s.getString().trim().split(" +")).contains(value);
        }
        if (claim instanceof String s) {
            return java.util.List.of(s.trim().split(" +")).contains(value);
        }
        return false;
    }

    private static String unquoted(Object value) {
        return value instanceof JsonString s ? s.getString() : value.toString().replace("\"", "");
    }

    /** A NumericDate claim in seconds, or null when absent or not a number. */
    static Long seconds(Object claim) {
        if (claim instanceof JsonNumber number) {
            return number.longValue();
        }
        if (claim instanceof Number number) {
            return number.longValue();
        }
        if (claim == null || claim instanceof JsonValue && !(claim instanceof JsonString)) {
            return null;
        }
        try {
            return Long.parseLong(unquoted(claim));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
