package dev.rotor.problem;

/**
 * The {@code WWW-Authenticate} challenges Rotor answers 401 with (RFC 9110 §11.6.1): one realm,
 * {@code rotor}, for both schemes it reads.
 */
public final class Challenge {

    /** RFC 6750 §3: a request that carried no bearer token gets the bare challenge, with no error code. */
    public static final String BEARER = "Bearer realm=\"rotor\"";

    /** RFC 6750 §3.1: a bearer token that was sent and refused (malformed, forged, expired, cut off). */
    public static final String INVALID_TOKEN = BEARER + ", error=\"invalid_token\"";

    /** RFC 6749 §2.3.1 and §5.2: client authentication with HTTP Basic. */
    public static final String BASIC = "Basic realm=\"rotor\"";

    /**
     * Request attribute set by the authentication mechanism when the request carried a bearer token
     * and it was refused, so the container's 401 error page names {@code invalid_token}.
     */
    public static final String TOKEN_REFUSED = "dev.rotor.bearer-token-refused";

    private Challenge() {
    }
}
