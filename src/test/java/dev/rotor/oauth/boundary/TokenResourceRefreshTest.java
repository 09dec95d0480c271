package dev.rotor.oauth.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rotor.client.control.OAuthClient;
import dev.rotor.platform.RequestFacts;
import dev.rotor.problem.OAuthError;
import dev.rotor.session.control.RefreshResult;
import dev.rotor.session.control.RefreshResult.Refusal;
import dev.rotor.session.control.RefreshToken;
import dev.rotor.session.control.Refreshes;
import dev.rotor.token.control.Audiences;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.MultivaluedHashMap;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The refresh_token grant parses the token once, at this boundary; what is not a refresh token never reaches a session. */
class TokenResourceRefreshTest {

    final List<RefreshToken> presented = new ArrayList<>();
    final TokenResource cut = new TokenResource();

    TokenResourceRefreshTest() {
        cut.clients = new OAuthClients() {
            @Override
            public OAuthClient authenticate(OAuthParameters params, HttpServletRequest request) {
                return OAuthClient.builtIn("rotor-cli", true);
            }
        };
        cut.audiences = new Audiences() {
            @Override
            public Optional<List<String>> forResource(String resource) {
                return Optional.of(List.of("rotor"));
            }
        };
        cut.refreshes = new Refreshes() {
            @Override
            public RefreshResult refresh(RefreshToken token, String clientId, List<String> audience, RequestFacts facts) {
                presented.add(token);
                return new RefreshResult.Refused(Refusal.REUSE);
            }
        };
    }

    private OAuthError refreshWith(String refreshToken) {
        var form = new MultivaluedHashMap<String, String>();
        form.add("grant_type", "refresh_token");
        form.add("refresh_token", refreshToken);
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> null);
        return assertThrows(OAuthError.class, () -> cut.token(form, request));
    }

    @Test
    void aTokenThatIsNotARefreshTokenIsAnInvalidGrantWithoutLookingUpAnySession() {
        assertEquals("invalid_grant", refreshWith("not-a-refresh-token").error());
        assertEquals(List.of(), presented);
    }
}
