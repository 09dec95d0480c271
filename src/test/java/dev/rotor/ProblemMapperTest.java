package dev.rotor;

import static dev.rotor.platform.JsonSupport.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.rotor.account.control.HashingBusy;
import dev.rotor.account.control.PasswordChangeRequired;
import dev.rotor.account.control.PasswordRejected;
import dev.rotor.account.entity.Password;
import dev.rotor.platform.Refusal;
import dev.rotor.session.control.NoSuchSession;
import dev.rotor.throttle.control.TooManyAttempts;
import jakarta.json.JsonObject;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link ProblemMapper} answers any {@link Refusal} from what it carries, without knowing its class:
 * a problem elsewhere, its OAuth answer under {@code /oauth2/}, {@code Retry-After} when it asks the
 * caller to wait, and never a stack trace, class name or library message in a body.
 */
class ProblemMapperTest {

    /** A domain exception the mapper has never heard of, as a new feature would add one. */
    static class NoSuchWidget extends Refusal {
        NoSuchWidget() {
            super("no-such-widget", 404, "No such widget.");
        }
    }

    @Test
    void aRefusalTheMapperDoesNotKnowIsAnsweredFromWhatItCarries() {
        Response response = mapped("api/widgets/7", new NoSuchWidget());

        assertEquals(404, response.getStatus());
        assertEquals("application/problem+json", response.getMediaType().toString());
        assertEquals("no-store", response.getHeaderString("Cache-Control"));
        assertNull(response.getHeaderString("Retry-After"));
        assertEquals(problem("no-such-widget", "Not found", 404, "No such widget."), body(response));
    }

    @Test
    void underOAuth2ARefusalWithoutItsOwnAnswerIsAnInvalidRequest() {
        Response response = mapped("oauth2/token", new NoSuchWidget());

        assertEquals(400, response.getStatus());
        assertEquals("application/json", response.getMediaType().toString());
        assertEquals(JSON.createObjectBuilder().add("error", "invalid_request").add("error_description", "Not found.").build(),
                body(response));
    }

    @Test
    void theSignInPagesApiUnderOAuth2AnswersProblemsForThePage() {
        Response response = mapped("oauth2/authorize/requests/abc", new NoSuchWidget());

        assertEquals(404, response.getStatus());
        assertEquals("application/problem+json", response.getMediaType().toString());
        assertEquals(problem("no-such-widget", "Not found", 404, "No such widget."), body(response));
        assertEquals("application/json", mapped("oauth2/authorize", new NoSuchWidget()).getMediaType().toString());
    }

    @Test
    void aThrottledCallerIsToldWhenToComeBackInEitherForm() {
        Response problem = mapped("auth/login", new TooManyAttempts(42));
        assertEquals(429, problem.getStatus());
        assertEquals("42", problem.getHeaderString("Retry-After"));
        assertEquals(problem("too-many-attempts", "Too many requests", 429, "Too many failed attempts. Try again in 42 seconds."),
                body(problem));

        Response oauth = mapped("oauth2/token", new TooManyAttempts(42));
        assertEquals(429, oauth.getStatus());
        assertEquals("42", oauth.getHeaderString("Retry-After"));
        assertEquals("no-store", oauth.getHeaderString("Cache-Control"));
        assertEquals(JSON.createObjectBuilder().add("error", "slow_down")
                .add("error_description", "Too many failed sign-ins. Try again in 42 seconds.").build(), body(oauth));
    }

    @Test
    void busyHashingIsServiceUnavailableWithRetryAfter() {
        Response problem = mapped("auth/register", new HashingBusy());
        assertEquals(503, problem.getStatus());
        assertEquals("1", problem.getHeaderString("Retry-After"));
        assertEquals(problem("unavailable", "Service unavailable", 503, "The service is busy checking passwords; try again shortly."),
                body(problem));

        Response oauth = mapped("oauth2/token", new HashingBusy());
        assertEquals(503, oauth.getStatus());
        assertEquals("1", oauth.getHeaderString("Retry-After"));
        assertEquals("temporarily_unavailable", body(oauth).getString("error"));
    }

    @Test
    void aTemporaryPasswordIsForbiddenHereAndAnInvalidGrantAtTheTokenEndpoint() {
        Response problem = mapped("auth/login", new PasswordChangeRequired());
        assertEquals(403, problem.getStatus());
        assertEquals("https://rotor.dev/problems/password-change-required", body(problem).getString("type"));

        Response oauth = mapped("oauth2/token", new PasswordChangeRequired());
        assertEquals(400, oauth.getStatus());
        assertEquals(JSON.createObjectBuilder().add("error", "invalid_grant")
                .add("error_description", "The password must be changed before signing in: POST /auth/temporary-password.").build(),
                body(oauth));
    }

    @Test
    void eachBrokenPasswordRuleIsItsOwnProblemType() {
        assertEquals(problem("password-too-short", "Bad request", 400, "The password needs at least " + Password.MIN_CHARS + " characters."),
                body(mapped("auth/register", new PasswordRejected(Password.Rule.TOO_SHORT))));
        assertEquals("https://rotor.dev/problems/password-unchanged",
                body(mapped("auth/password", new PasswordRejected(Password.Rule.UNCHANGED))).getString("type"));
    }

    @Test
    void aMissingSessionIsNotFound() {
        assertEquals(problem("not-found", "Not found", 404, "No such session."), body(mapped("api/sessions/x", new NoSuchSession())));
    }

    @Test
    void noBodyCarriesAStackTraceAClassNameOrALibraryMessage() {
        for (Throwable thrown : List.of(new NoSuchWidget(), new TooManyAttempts(3), new HashingBusy(),
                new IllegalStateException("connection string jdbc:postgresql://db/rotor?password=hunter2"))) {
            String text = String.valueOf(mapped("api/x", thrown).getEntity());
            assertFalse(text.contains("\tat ") || text.contains("dev.rotor.") || text.contains("Exception")
                    || text.contains("hunter2") || text.contains(thrown.getClass().getSimpleName()), text);
        }
        assertEquals(problem("internal", "Internal error", 500, "Something went wrong on our side."),
                body(mapped("api/x", new IllegalStateException("bug"))));
    }

    @Test
    void aCallWithoutCredentialsGetsTheBareBearerChallenge() {
        Response response = mapped("api/me", new NotAuthorizedException("Bearer"));
        assertEquals(401, response.getStatus());
        assertEquals("Bearer realm=\"rotor\"", response.getHeaderString("WWW-Authenticate"));
    }

    /**
     * Every exception a control, entity or platform class declares is a {@link Refusal}, so it
     * reaches callers through {@link ProblemMapper} without a change there. The one exception is
     * the key custody failure that stops a start (a fault of the server, answered 500 if ever seen
     * in a request).
     */
    @Test
    void everyDomainExceptionIsARefusal() throws IOException {
        List<String> others;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/dev/rotor"))) {
            others = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> !file.startsWith("src/main/java/dev/rotor/kit"))
                    .filter(file -> {
                        String parent = file.getParent().getFileName().toString();
                        return parent.equals("control") || parent.equals("entity") || parent.equals("platform");
                    })
                    .filter(ProblemMapperTest::declaresAPlainException)
                    .map(file -> file.getFileName().toString())
                    .sorted()
                    .toList();
        }
        assertEquals(List.of("KeyCustodyException.java", "Refusal.java"), others, "besides the base itself");
    }

    private static boolean declaresAPlainException(Path file) {
        try {
            return Files.readString(file).matches("(?s).*\\bextends (Runtime)?Exception\\b.*");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Response mapped(String path, Throwable thrown) {
        var mapper = new ProblemMapper();
        mapper.uriInfo = (UriInfo) Proxy.newProxyInstance(UriInfo.class.getClassLoader(), new Class<?>[]{UriInfo.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getPath")) {
                        return "/" + path;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return mapper.toResponse(thrown);
    }

    private static JsonObject body(Response response) {
        try (var reader = JSON.createReader(new StringReader((String) response.getEntity()))) {
            return reader.readObject();
        }
    }

    private static JsonObject problem(String slug, String title, int status, String detail) {
        return JSON.createObjectBuilder()
                .add("type", "https://rotor.dev/problems/" + slug)
                .add("title", title)
                .add("status", status)
                .add("detail", detail)
                .build();
    }
}
