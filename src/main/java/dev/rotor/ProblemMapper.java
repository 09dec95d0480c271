package dev.rotor;

import dev.rotor.account.control.HashingBusy;
import dev.rotor.account.control.InvalidUsername;
import dev.rotor.account.control.NoSuchAccount;
import dev.rotor.account.control.PasswordChangeRequired;
import dev.rotor.account.control.PasswordRejected;
import dev.rotor.account.control.UsernameTaken;
import dev.rotor.account.entity.Password;
import dev.rotor.admin.control.InvalidInstant;
import dev.rotor.admin.control.InvalidRoles;
import dev.rotor.admin.control.SelfLockout;
import dev.rotor.admin.control.UnknownAuditType;
import dev.rotor.platform.DatabaseUnavailable;
import dev.rotor.platform.InvalidPaging;
import dev.rotor.problem.Challenge;
import dev.rotor.problem.OAuthError;
import dev.rotor.problem.Problem;
import dev.rotor.problem.ProblemException;
import dev.rotor.selfservice.control.InvalidCredentials;
import dev.rotor.selfservice.control.PasswordChangeNotRequired;
import dev.rotor.selfservice.control.WrongPassword;
import dev.rotor.session.control.NoSuchSession;
import dev.rotor.throttle.control.TooManyAttempts;
import dev.rotor.token.control.UnknownSigningKey;
import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place exceptions become answers: {@code application/problem+json} (RFC 9457),
 * except under {@code /oauth2/}, which answers in RFC 6749 §5.2 form. No stack trace,
 * no class name and no exception message of a library ever reaches a body.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(Throwable thrown) {
        if (thrown instanceof OAuthError oauth) {
            return oauth.toResponse();
        }
        if (DatabaseUnavailable.causes(thrown)) {
            return databaseUnavailable(thrown);
        }
        if (thrown instanceof TooManyAttempts tooMany) {
            return tooManyAttempts(tooMany.retryAfterSeconds());
        }
        if (thrown instanceof HashingBusy) {
            return unavailable(HashingBusy.RETRY_AFTER_SECONDS, "The service is busy checking passwords; try again shortly.");
        }
        if (thrown instanceof PasswordChangeRequired && isOAuthPath()) {
            return OAuthError.passwordChangeRequired().toResponse();
        }
        Problem problem = problemFor(thrown);
        if (isOAuthPath() && problem.status() < 500) {
            return OAuthError.invalidRequest(problem.title() + ".").toResponse();
        }
        Response response = problem.toResponse();
        if (thrown instanceof NotAuthorizedException) { // RFC 6750 §3: no credentials, so no error code
            return Response.fromResponse(response).header("WWW-Authenticate", Challenge.BEARER).build();
        }
        if (thrown instanceof NotAllowedException notAllowed) {
            var allow = notAllowed.getResponse().getHeaderString("Allow");
            if (allow != null) {
                return Response.fromResponse(response).header("Allow", allow).build();
            }
        }
        return response;
    }

    /**
     * 503 and Retry-After while the database cannot be reached: nothing was stored, so no token was
     * handed out, and the caller may simply try again. One log line, no stack trace.
     */
    private Response databaseUnavailable(Throwable thrown) {
        LOG.warning(() -> "Database unavailable on " + safePath() + ": " + thrown.getClass().getName());
        return unavailable(DatabaseUnavailable.RETRY_AFTER_SECONDS, "The service cannot reach its database right now; try again shortly.");
    }

    /** 503 with Retry-After: an OAuth error on the token endpoint, a problem elsewhere. */
    private Response unavailable(int retryAfterSeconds, String detail) {
        if (isOAuthPath()) {
            return OAuthError.temporarilyUnavailable(retryAfterSeconds).toResponse();
        }
        return Response.fromResponse(Problem.of("unavailable", "Service unavailable", 503, detail).toResponse())
                .header("Retry-After", retryAfterSeconds)
                .build();
    }

    private Problem problemFor(Throwable thrown) {
        if (thrown instanceof ProblemException known) {
            return known.problem();
        }
        Problem domain = domainProblem(thrown);
        if (domain != null) {
            return domain;
        }
        Problem account = accountProblem(thrown);
        if (account != null) {
            return account;
        }
        if (thrown instanceof UnknownSigningKey) {
            return Problem.of("unknown-signing-key", "Not found", 404, "There is no signing key with this id.");
        }
        if (thrown instanceof NotSupportedException) {
            return Problem.of("unsupported-media-type", "Unsupported media type", 415,
                    "This endpoint takes a different content type.");
        }
        if (thrown instanceof UnsupportedCharsetException || thrown instanceof IllegalCharsetNameException) {
            return Problem.of("unsupported-charset", "Unsupported media type", 415,
                    "The request names a character set this service does not know; send UTF-8.");
        }
        if (thrown instanceof NotAcceptableException) {
            return Problem.of("not-acceptable", "Not acceptable", 406, null);
        }
        if (thrown instanceof NotAllowedException) {
            return Problem.of("method-not-allowed", "Method not allowed", 405, null);
        }
        if (thrown instanceof NotFoundException) {
            return Problem.of("not-found", "Not found", 404, null);
        }
        if (thrown instanceof NotAuthorizedException) {
            return Problem.of("unauthorized", "Unauthorized", 401, "Sign in first.");
        }
        if (thrown instanceof JsonException || thrown instanceof JsonbException || thrown instanceof ProcessingException) {
            return Problem.of("malformed-body", "Bad request", 400, "The request body is not valid JSON.");
        }
        if (thrown instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            if (status < 500) {
                var reason = Response.Status.fromStatusCode(status);
                return Problem.of("http-" + status, reason == null ? "Client error" : reason.getReasonPhrase(), status, null);
            }
        }
        LOG.log(Level.SEVERE, "Unexpected failure on " + safePath(), thrown);
        return Problem.of("internal", "Internal error", 500, "Something went wrong on our side.");
    }

    /** The business layer's exceptions, one per real case; their messages are written for users. */
    private static Problem domainProblem(Throwable thrown) {
        String detail = thrown.getMessage();
        if (thrown instanceof NoSuchSession || thrown instanceof NoSuchAccount) {
            return Problem.of("not-found", "Not found", 404, detail);
        }
        if (thrown instanceof SelfLockout) {
            return Problem.of("self-lockout", "Conflict", 409, detail);
        }
        if (thrown instanceof InvalidRoles) {
            return Problem.of("invalid-roles", "Bad request", 400, detail);
        }
        if (thrown instanceof InvalidPaging) {
            return Problem.of("invalid-paging", "Bad request", 400, detail);
        }
        if (thrown instanceof UnknownAuditType) {
            return Problem.of("invalid-type", "Bad request", 400, detail);
        }
        if (thrown instanceof InvalidInstant) {
            return Problem.of("invalid-time", "Bad request", 400, detail);
        }
        if (thrown instanceof InvalidUsername) {
            return Problem.of("invalid-username", "Bad request", 400, detail);
        }
        if (thrown instanceof UsernameTaken) {
            return Problem.of("username-taken", "Conflict", 409, detail);
        }
        return null;
    }

    /** 429 with Retry-After: an OAuth error on the token endpoint, a problem elsewhere. */
    private Response tooManyAttempts(long retryAfterSeconds) {
        if (isOAuthPath()) {
            return OAuthError.slowDown(retryAfterSeconds).toResponse();
        }
        return Response.fromResponse(Problem.of("too-many-attempts", "Too many requests", 429,
                        "Too many failed attempts. Try again in " + retryAfterSeconds + " seconds.").toResponse())
                .header("Retry-After", retryAfterSeconds)
                .build();
    }

    private static Problem accountProblem(Throwable thrown) {
        if (thrown instanceof PasswordChangeRequired) {
            return Problem.of("password-change-required", "Forbidden", 403,
                    "This password is temporary. Choose a new one with POST /auth/temporary-password, then sign in.");
        }
        if (thrown instanceof WrongPassword) {
            return Problem.of("wrong-password", "Forbidden", 403, "The current password is wrong.");
        }
        if (thrown instanceof InvalidCredentials) {
            return Problem.of("invalid-credentials", "Unauthorized", 401, "Wrong username or password.");
        }
        if (thrown instanceof PasswordChangeNotRequired) {
            return Problem.of("password-change-not-required", "Conflict", 409,
                    "This password is not temporary. Sign in and use POST /auth/password to change it.");
        }
        if (thrown instanceof PasswordRejected rejected) {
            return switch (rejected.rule()) {
                case TOO_LONG -> Problem.of("password-too-long", "Bad request", 400,
                        "The password is longer than " + Password.MAX_BYTES + " bytes.");
                case TOO_SHORT -> Problem.of("password-too-short", "Bad request", 400,
                        "The password needs at least " + Password.MIN_CHARS + " characters.");
                case SAME_AS_USERNAME -> Problem.of("password-is-username", "Bad request", 400,
                        "The password must not be the username.");
                case UNCHANGED -> Problem.of("password-unchanged", "Bad request", 400,
                        "The new password must differ from the current one.");
            };
        }
        return null;
    }

    private boolean isOAuthPath() {
        return safePath().startsWith("oauth2/");
    }

    private String safePath() {
        try {
            return uriInfo == null ? "" : uriInfo.getPath(false).replaceFirst("^/", "");
        } catch (RuntimeException e) {
            return "";
        }
    }
}
