package dev.rotor.session.control;

import dev.rotor.account.entity.Account;
import dev.rotor.session.entity.Session;
import dev.rotor.token.control.AccessTokenIssuer.AccessToken;

/** What a sign-in or a refresh hands out: an access token and the session's refresh token. */
public record Issued(Account account, Session session, AccessToken accessToken, String refreshToken) {
}
