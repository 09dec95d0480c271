package dev.rotor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.rotor.it.support.Api.Tokens;
import dev.rotor.it.support.Deployments;
import dev.rotor.it.support.Reply;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

class PasskeysIT extends RotorIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.rotor();
    }

    @Test
    void theLibraryLoadsAndAnswersOptions() {
        Reply signIn = api.send(api.request("/auth/passkey/options", null).header("Origin", api.base())
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, signIn.status(), signIn.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> publicKey = (Map<String, Object>) signIn.json().get("publicKey");
        assertEquals("required", publicKey.get("userVerification"), signIn.body());
        assertNotNull(signIn.string("challenge"));

        Tokens tokens = api.login(api.newUser("pk"));
        Reply options = api.post("/auth/factors/passkeys/options", tokens.access());
        assertEquals(200, options.status(), options.toString());
    }
}
