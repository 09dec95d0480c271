package dev.rotor.client.control;

import dev.rotor.audit.control.AuditLog;
import dev.rotor.audit.entity.AuditType;
import dev.rotor.platform.RequestFacts;
import dev.rotor.token.control.AccessTokenIssuer;
import dev.rotor.token.control.AccessTokenIssuer.AccessToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The client-credentials grant (RFC 6749 §4.4): an authenticated confidential client that allows
 * it gets an access token of its own, no refresh token. The token's {@code sid} is the client's
 * {@code tokenSid}, so disabling or deleting the client ends every such token at once (through
 * the revocation log), here and at resource servers. Each issue is audited {@code CLIENT_TOKEN_ISSUED}.
 */
@ApplicationScoped
public class ClientTokens {

    /** What the grant hands out: the access token and the granted scopes (space-separated, empty for none). */
    public record Granted(AccessToken accessToken, String scope) {
    }

    @Inject
    AccessTokenIssuer issuer;

    @Inject
    Scopes scopes;

    @Inject
    AuditLog audit;

    /**
     * Issues a token for {@code client}, which the caller authenticated and found allowed this grant
     * and confidential; {@code scopeParameter} is asked of the client's scopes ({@link InvalidScope} otherwise).
     */
    public Granted issue(OAuthClient client, String scopeParameter, List<String> audience, RequestFacts facts) {
        if (!client.isConfidential() || client.tokenSid() == null) {
            throw new IllegalArgumentException("Only a registered confidential client has client-credentials tokens");
        }
        String scope = String.join(" ", scopes.requested(scopeParameter, client));
        AccessToken token = issuer.issueForClient(client.clientId(), client.tokenSid(), audience, scope);
        audit.record(AuditType.CLIENT_TOKEN_ISSUED, null, null, null, facts,
                "client=" + client.clientId() + " scope=" + scope + " audience=" + String.join(",", audience));
        return new Granted(token, scope);
    }
}
