package dev.rotor.oauth.control;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.rotor.access.control.AccessCutoff;
import dev.rotor.access.control.AccessTokenCheck;
import dev.rotor.access.control.RevocationFollower;
import dev.rotor.platform.RequestFacts;
import dev.rotor.session.control.Revoked;
import dev.rotor.session.control.RefreshToken;
import dev.rotor.session.control.SessionEnds;
import dev.rotor.session.control.RefreshTokens;
import dev.rotor.token.control.AccessTokenIssuer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.text.ParseException;
import java.util.Optional;

/**
 * Token revocation (RFC 7009 §2.1). A refresh token ends its session. So does an access token
 * that is active here: signed by a published key, unexpired, and not cut off. The RFC lets the
 * server revoke the grant an access token came from, and ending the session is the one way to
 * revoke an access token on every instance and every resource server (through the revocation
 * log and the feed) without keeping a list of token ids. A forged token that names a real
 * session, or one already refused, ends nothing.
 */
@ApplicationScoped
public class TokenRevocation {

    @Inject
    SessionEnds ends;

    @Inject
    AccessTokenCheck accessTokens;

    @Inject
    AccessCutoff cutoff;

    @Inject
    RevocationFollower follower;

    public Revoked revoke(String token, String clientId, RequestFacts facts) {
        Optional<RefreshToken> refreshToken = RefreshTokens.parse(token);
        if (refreshToken.isPresent()) {
            return ends.logout(refreshToken.get(), clientId, facts);
        }
        Optional<JWTClaimsSet> claims = accessTokens.signedAndUnexpired(token);
        if (claims.isEmpty()) {
            return Revoked.NOTHING;
        }
        try {
            String subject = claims.get().getSubject();
            String sessionId = claims.get().getStringClaim(AccessTokenIssuer.SESSION_ID);
            Long tokenVersion = claims.get().getLongClaim(AccessTokenIssuer.TOKEN_VERSION);
            follower.catchUpIfBehind(); // a cut-off made on another instance counts here too
            if (tokenVersion == null || !cutoff.accepts(subject, sessionId, tokenVersion)) {
                return Revoked.NOTHING;
            }
            return ends.endByAccessToken(sessionId, subject, clientId, facts);
        } catch (ParseException wrongClaimType) {
            return Revoked.NOTHING;
        }
    }
}
