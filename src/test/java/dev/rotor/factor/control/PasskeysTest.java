package dev.rotor.factor.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.yubico.webauthn.AssertionRequest;
import com.yubico.webauthn.CredentialRepository;
import com.yubico.webauthn.RegisteredCredential;
import com.yubico.webauthn.RelyingParty;
import com.yubico.webauthn.StartAssertionOptions;
import com.yubico.webauthn.data.AttestationConveyancePreference;
import com.yubico.webauthn.data.ByteArray;
import com.yubico.webauthn.data.PublicKeyCredentialDescriptor;
import com.yubico.webauthn.data.UserVerificationRequirement;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PasskeysTest {

    @Test
    void theRelyingPartyIsTheIssuersHostAndOriginByDefault() {
        var identity = Passkeys.identity(Optional.empty(), "Rotor", "https://id.example.com/");
        assertEquals("id.example.com", identity.getId());
        assertEquals("Rotor", identity.getName());
        assertEquals(Set.of("https://id.example.com"), Passkeys.origins(Optional.empty(), "https://id.example.com/"));
        assertEquals(Set.of("https://id.example.com"), Passkeys.origins(Optional.empty(), "https://ID.example.com:443/rotor"));
        assertEquals(Set.of("http://localhost:8080"), Passkeys.origins(Optional.empty(), "http://localhost:8080"));
        assertEquals("localhost", Passkeys.identity(Optional.of(" "), "", "http://localhost:8080").getId());
        assertEquals("Rotor", Passkeys.identity(Optional.empty(), " ", "http://localhost:8080").getName());
    }

    @Test
    void configuredValuesWin() {
        assertEquals("example.com", Passkeys.identity(Optional.of("example.com"), "Example", "https://id.example.com").getId());
        assertEquals(Set.of("https://id.example.com", "https://app.example.com"),
                Passkeys.origins(Optional.of("https://id.example.com/, https://app.example.com"), "https://ignored.example"));
    }

    @Test
    void anIssuerWithoutAHostIsAConfigurationError() {
        assertThrows(IllegalStateException.class, () -> Passkeys.identity(Optional.empty(), "Rotor", "rotor"));
        assertThrows(IllegalStateException.class, () -> Passkeys.origins(Optional.empty(), "rotor"));
    }

    @Test
    void amrIsSwkForKeysThatMaySyncAndHwkOtherwisePlusUserWhenVerified() {
        assertEquals(List.of("hwk"), Passkeys.amr(false, false));
        assertEquals(List.of("hwk", "user"), Passkeys.amr(false, true));
        assertEquals(List.of("swk"), Passkeys.amr(true, false));
        assertEquals(List.of("swk", "user"), Passkeys.amr(true, true));
    }

    @Test
    void oversizedOrMalformedResponsesAreRefusedBeforeTheLibraryParsesThem() {
        String ok = "{\"id\":\"x\",\"response\":{\"clientDataJSON\":\"" + "A".repeat(21_000) + "\"}}";
        Passkeys.checkSize(ok);
        assertThrows(InvalidPasskeyResponse.class, () -> Passkeys.checkSize(
                "{\"id\":\"x\",\"response\":{\"clientDataJSON\":\"" + "A".repeat(22_000) + "\"}}"));
        assertThrows(InvalidPasskeyResponse.class, () -> Passkeys.checkSize(
                "{\"id\":\"x\",\"response\":{\"clientDataJSON\":\"e30\",\"pad\":\"" + "A".repeat(Passkeys.MAX_RESPONSE_CHARS) + "\"}}"));
        for (String bad : new String[] {null, "", "[]", "{", "{\"response\":1}", "{\"response\":{}}", "{\"response\":{\"clientDataJSON\":7}}"}) {
            assertThrows(InvalidPasskeyResponse.class, () -> Passkeys.checkSize(bad), String.valueOf(bad));
        }
        var refusal = new InvalidPasskeyResponse();
        assertEquals(400, refusal.status());
        assertEquals("invalid-passkey-response", refusal.type());
    }

    @Test
    void namesAreOneToSixtyFourCharactersWithoutControls() {
        assertEquals("Laptop", Passkeys.checkName("  Laptop "));
        assertEquals("n".repeat(64), Passkeys.checkName("n".repeat(64)));
        for (String bad : new String[] {null, "", "   ", "n".repeat(65), "a\nb", "a\u0000"}) {
            assertThrows(InvalidPasskeyName.class, () -> Passkeys.checkName(bad), String.valueOf(bad));
        }
    }

    @Test
    void aUsernameLessRequestRequiresUserVerificationAndSurvivesItsJson() throws Exception {
        RelyingParty rp = Passkeys.relyingParty(Passkeys.identity(Optional.empty(), "Rotor", "http://localhost:8080"),
                Passkeys.origins(Optional.empty(), "http://localhost:8080"), new NoCredentials());
        assertEquals(Optional.of(AttestationConveyancePreference.NONE), rp.getAttestationConveyancePreference());
        assertTrue(rp.isValidateSignatureCounter());
        AssertionRequest request = rp.startAssertion(StartAssertionOptions.builder().userVerification(UserVerificationRequirement.REQUIRED).build());
        AssertionRequest kept = AssertionRequest.fromJson(request.toJson());
        assertEquals(request, kept);
        assertEquals(Optional.of(UserVerificationRequirement.REQUIRED), kept.getPublicKeyCredentialRequestOptions().getUserVerification());
        assertTrue(request.toCredentialsGetJson().contains("\"publicKey\""));
        // Whatever the response, a malformed or unverifiable one is the same refusal, never the library's exception.
        for (String bad : new String[] {"{\"id\":", "{\"id\":\"AAAA\",\"rawId\":\"AAAA\",\"type\":\"public-key\",\"clientExtensionResults\":{},"
                + "\"response\":{\"clientDataJSON\":\"e30\",\"authenticatorData\":\"AAAA\",\"signature\":\"AAAA\"}}"}) {
            assertThrows(InvalidPasskeyResponse.class, () -> Passkeys.verifyAssertion(rp, kept, bad));
        }
    }

    @Test
    void userHandlesAreAccountIdsInUtf8() {
        String id = "6f1c3b1e-2f6a-4c51-9f0e-0d2d7c1e9a10";
        assertEquals(id, PasskeyCredentials.accountId(PasskeyCredentials.userHandle(id)));
        assertEquals(36, PasskeyCredentials.userHandle(id).size());
    }

    @Test
    void transportsAreStoredAsTheirIds() {
        assertEquals("internal,usb", PasskeyCredentials.transports(Optional.of(PasskeyCredentials.transports("usb, internal"))));
        assertEquals(null, PasskeyCredentials.transports(Optional.empty()));
        assertTrue(PasskeyCredentials.transports((String) null).isEmpty());
    }

    static final class NoCredentials implements CredentialRepository {
        @Override
        public Set<PublicKeyCredentialDescriptor> getCredentialIdsForUsername(String username) {
            return Set.of();
        }

        @Override
        public Optional<ByteArray> getUserHandleForUsername(String username) {
            return Optional.empty();
        }

        @Override
        public Optional<String> getUsernameForUserHandle(ByteArray userHandle) {
            return Optional.empty();
        }

        @Override
        public Optional<RegisteredCredential> lookup(ByteArray credentialId, ByteArray userHandle) {
            return Optional.empty();
        }

        @Override
        public Set<RegisteredCredential> lookupAll(ByteArray credentialId) {
            return Set.of();
        }
    }
}
