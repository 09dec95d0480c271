package dev.rotor.platform;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A request Rotor does not serve, for a reason the caller may be told. Every domain exception
 * extends it and carries its whole answer as plain values, so control code names neither JAX-RS
 * nor the problem package, and {@code ProblemMapper} answers any refusal without knowing its class:
 * <ul>
 *   <li>{@link #type()}: the problem type's slug (the body's {@code type} is
 *       {@code https://rotor.dev/problems/<slug>}), {@link #status()} and {@link #detail()}, written
 *       for the caller: no secret, no class name, no library's message;</li>
 *   <li>{@link #oauth()}: the RFC 6749 §5.2 answer under {@code /oauth2/*}; without one a refusal
 *       below 500 answers there {@code invalid_request};</li>
 *   <li>{@link #retryAfterSeconds()}: the {@code Retry-After} of an answer that says "try again later".</li>
 * </ul>
 * A refusal is an answer, not a fault: it fills in no stack trace and is not logged.
 */
public abstract class Refusal extends RuntimeException {

    /**
     * The answer under {@code /oauth2/*}: an OAuth error code, its fixed description and the status
     * (400 per RFC 6749 §5.2, or 429 and 503 for "wait, then try again").
     */
    public record OAuthAnswer(String error, String description, int status) {

        /**
         * 503: the service cannot serve the grant right now. RFC 6749 §4.1.2.1 defines
         * {@code temporarily_unavailable} for the authorization endpoint only; it is the customary
         * code at the token endpoint too (§5.2 lists no equivalent).
         */
        public static OAuthAnswer temporarilyUnavailable() {
            return new OAuthAnswer("temporarily_unavailable", "The service is temporarily unavailable; try again shortly.", 503);
        }
    }

    private final String type;
    private final int status;
    private final String detail;
    private final OAuthAnswer oauth;
    private final Long retryAfterSeconds;

    /** A refusal answered with the same problem everywhere ({@code invalid_request} under {@code /oauth2/*}). */
    protected Refusal(String type, int status, String detail) {
        this(type, status, detail, null, null);
    }

    /**
     * @param oauth             the answer under {@code /oauth2/*}, or null for {@code invalid_request}
     * @param retryAfterSeconds the {@code Retry-After} of either answer, or null for none
     */
    protected Refusal(String type, int status, String detail, OAuthAnswer oauth, Long retryAfterSeconds) {
        super(detail, null, false, false);
        this.type = type;
        this.status = status;
        this.detail = detail;
        this.oauth = oauth;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public String type() {
        return type;
    }

    public int status() {
        return status;
    }

    public String detail() {
        return detail;
    }

    public Optional<OAuthAnswer> oauth() {
        return Optional.ofNullable(oauth);
    }

    public OptionalLong retryAfterSeconds() {
        return retryAfterSeconds == null ? OptionalLong.empty() : OptionalLong.of(retryAfterSeconds);
    }
}
