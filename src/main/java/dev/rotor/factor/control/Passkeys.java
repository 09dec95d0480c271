package dev.rotor.factor.control;

import static dev.rotor.platform.JsonSupport.JSON;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.yubico.webauthn.AssertionRequest;
import com.yubico.webauthn.AssertionResult;
import com.yubico.webauthn.FinishAssertionOptions;
import com.yubico.webauthn.FinishRegistrationOptions;
import com.yubico.webauthn.RegistrationResult;
import com.yubico.webauthn.RelyingParty;
import com.yubico.webauthn.StartAssertionOptions;
import com.yubico.webauthn.StartRegistrationOptions;
import com.yubico.webauthn.data.AttestationConveyancePreference;
import com.yubico.webauthn.data.AuthenticatorSelectionCriteria;
import com.yubico.webauthn.data.PublicKeyCredential;
import com.yubico.webauthn.data.PublicKeyCredentialCreationOptions;
import com.yubico.webauthn.data.RelyingPartyIdentity;
import com.yubico.webauthn.data.ResidentKeyRequirement;
import com.yubico.webauthn.data.UserIdentity;
import com.yubico.webauthn.data.UserVerificationRequirement;
import com.yubico.webauthn.exception.AssertionFailedException;
import com.yubico.webauthn.exception.RegistrationFailedException;
import dev.rotor.account.control.Accounts;
import dev.rotor.account.entity.Account;
import dev.rotor.factor.entity.AuthChallenge;
import dev.rotor.factor.entity.ChallengePurpose;
import dev.rotor.factor.entity.Passkey;
import dev.rotor.factor.entity.PasskeyView;
import dev.rotor.platform.RequestFacts;
import dev.rotor.platform.RotorSettings;
import dev.rotor.throttle.control.TooManyAttempts;
import dev.rotor.token.entity.Authentication;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Passkeys (WebAuthn) through Yubico's webauthn-server-core: Rotor never parses CBOR or COSE or
 * checks a signature itself. The relying party is {@code rotor.webauthn.rp-id} (default: the host of
 * {@code rotor.issuer}), named {@code rotor.webauthn.rp-name} (default "Rotor"), for the origins
 * {@code rotor.webauthn.origins} (comma-separated; default: the origin of {@code rotor.issuer});
 * attestation {@code none}; a resident key preferred at registration; user verification preferred
 * for a second factor, required for a username-less sign-in. The library checks the signature
 * counter; the counter and the backup flags are stored on every use.
 *
 * <p>A ceremony's server half (the library's request JSON, its challenge included) waits in an
 * {@link AuthChallenge} ({@link Challenges}); the browser holds only the challenge's value.
 * Every response Rotor does not accept (wrong challenge, origin or RP ID, bad signature, counter
 * going backwards, unknown credential, malformed or oversized JSON) throws
 * {@link InvalidPasskeyResponse} (400) and stores nothing.
 */
@ApplicationScoped
public class Passkeys {

    private static final Logger LOG = Logger.getLogger(Passkeys.class.getName());

    /** The largest response (a {@code PublicKeyCredential} as JSON) looked at. */
    public static final int MAX_RESPONSE_CHARS = 64 * 1024;
    /** The largest {@code clientDataJSON} looked at (decoded bytes). */
    public static final int MAX_CLIENT_DATA_BYTES = 16 * 1024;
    public static final int MAX_NAME_CHARS = 64;
    /** How long the browser waits for the authenticator (ms). */
    static final long TIMEOUT_MILLIS = Challenges.STEP_TTL.toMillis();

    /** The browser's half of a ceremony: {@code options} is the JSON for {@code navigator.credentials}
     * ({@code {"publicKey": …}}), {@code requestJson} the server's half to keep in the challenge. */
    public record Ceremony(String options, String requestJson) {

        /** The {@code publicKey} member of {@link #options}, as JSON. */
        public String publicKey() {
            try (var reader = JSON.createReader(new StringReader(options))) {
                return reader.readObject().getJsonObject("publicKey").toString();
            }
        }
    }

    /** A ceremony opened under a challenge: the value for the browser, and the {@code publicKey} options. */
    public record Opened(String challenge, String publicKey) {
    }

    /** A verified assertion: whose passkey, and the amr values it proves ({@code hwk} or {@code swk}, {@code user} when verified). */
    public record Use(String accountId, String passkeyId, List<String> amr, boolean userVerified) {
    }

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    @ConfigProperty(name = "rotor.webauthn.max-open-sign-ins-per-address", defaultValue = "20")
    int maxOpenSignInsPerAddress;

    @Inject
    PasskeyCredentials credentials;

    @Inject
    Challenges challenges;

    @Inject
    Accounts accounts;

    @Inject
    RotorSettings settings;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "rotor.webauthn.rp-id")
    Optional<String> configuredRpId;

    @Inject
    @ConfigProperty(name = "rotor.webauthn.rp-name", defaultValue = "Rotor")
    String rpName;

    @Inject
    @ConfigProperty(name = "rotor.webauthn.origins")
    Optional<String> configuredOrigins;

    private RelyingParty relyingParty;

    @PostConstruct
    void build() {
        relyingParty = relyingParty(identity(configuredRpId, rpName, settings.issuer()),
                origins(configuredOrigins, settings.issuer()), credentials);
    }

    /** The relying party Rotor is; {@code credentials} is the passkey table. */
    public static RelyingParty relyingParty(RelyingPartyIdentity identity, Set<String> origins, com.yubico.webauthn.CredentialRepository credentials) {
        return RelyingParty.builder()
                .identity(identity)
                .credentialRepository(credentials)
                .origins(origins)
                .attestationConveyancePreference(AttestationConveyancePreference.NONE)
                .allowOriginPort(false)
                .allowOriginSubdomain(false)
                .allowUntrustedAttestation(true)
                .validateSignatureCounter(true)
                .build();
    }

    /** The RP identity: the configured id, or the issuer's host. */
    public static RelyingPartyIdentity identity(Optional<String> configuredId, String name, String issuer) {
        String id = configuredId.map(String::strip).filter(s -> !s.isEmpty())
                .orElseGet(() -> URI.create(issuer).getHost());
        if (id == null || id.isEmpty()) {
            throw new IllegalStateException("rotor.webauthn.rp-id is not set and rotor.issuer names no host: " + issuer);
        }
        return RelyingPartyIdentity.builder().id(id).name(name == null || name.isBlank() ? "Rotor" : name.strip()).build();
    }

    /** The accepted origins: the configured ones (comma-separated), or the issuer's origin. */
    public static Set<String> origins(Optional<String> configured, String issuer) {
        Set<String> origins = new LinkedHashSet<>();
        configured.ifPresent(text -> Arrays.stream(text.split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).map(s -> s.endsWith("/") ? s.substring(0, s.length() - 1) : s).forEach(origins::add));
        if (origins.isEmpty()) {
            origins.add(originOf(issuer));
        }
        return Set.copyOf(origins);
    }

    static String originOf(String url) {
        URI uri = URI.create(url);
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalStateException("rotor.issuer is not an absolute URL: " + url);
        }
        String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || "https".equals(scheme) && port == 443 || "http".equals(scheme) && port == 80;
        return scheme + "://" + uri.getHost().toLowerCase(java.util.Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    /** RFC 8176 values an assertion proves: {@code swk} (a key that may be synced) or {@code hwk}, and {@code user} when the user was verified. */
    public static List<String> amr(boolean backupEligible, boolean userVerified) {
        List<String> amr = new ArrayList<>(2);
        amr.add(backupEligible ? Authentication.SWK : Authentication.HWK);
        if (userVerified) {
            amr.add(Authentication.USER);
        }
        return List.copyOf(amr);
    }

    // ---- assertion ----------------------------------------------------------------------

    /** An assertion request: for the account's passkeys, or (accountId null) for any discoverable one, user verification required. */
    public Ceremony startAssertion(String accountId) {
        var options = StartAssertionOptions.builder().timeout(TIMEOUT_MILLIS);
        if (accountId == null) {
            options.userVerification(UserVerificationRequirement.REQUIRED);
        } else {
            options.userHandle(PasskeyCredentials.userHandle(accountId)).userVerification(UserVerificationRequirement.PREFERRED);
        }
        AssertionRequest request = relyingParty.startAssertion(options.build());
        try {
            return new Ceremony(request.toCredentialsGetJson(), request.toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the library could not write its own assertion request", e);
        }
    }

    /**
     * A username-less sign-in's first half under a new PASSKEY_SIGN_IN challenge (no account), noted
     * with the client address. Anyone may ask, so an address with
     * {@code rotor.webauthn.max-open-sign-ins-per-address} open ones already is refused
     * ({@link TooManyAttempts}, for as long as a challenge lives) instead of filling the table.
     */
    @Transactional
    public Opened openSignIn(RequestFacts facts) {
        if (challenges.openFrom(ChallengePurpose.PASSKEY_SIGN_IN, facts.clientIp()) >= maxOpenSignInsPerAddress) {
            throw new TooManyAttempts(Challenges.STEP_TTL.toSeconds());
        }
        Ceremony ceremony = startAssertion(null);
        String value = challenges.open(ChallengePurpose.PASSKEY_SIGN_IN, null, Challenges.STEP_TTL,
                c -> c.withWebauthnRequest(ceremony.requestJson()).from(null, facts.userAgent(), facts.clientIp()));
        return new Opened(value, ceremony.publicKey());
    }

    /**
     * Verifies the browser's {@code PublicKeyCredential} JSON against the kept request, updates the
     * passkey's counter, backup state and last use; every failure throws {@link InvalidPasskeyResponse}.
     */
    @Transactional
    public Use finishAssertion(String requestJson, String responseJson) {
        AssertionRequest request = keptAssertionRequest(requestJson);
        AssertionResult result = verifyAssertion(relyingParty, request, responseJson);
        String accountId = PasskeyCredentials.accountId(result.getCredential().getUserHandle());
        Passkey passkey = credentials.byCredentialId(result.getCredentialId())
                .filter(p -> p.accountId().equals(accountId))
                .orElseThrow(InvalidPasskeyResponse::new);
        passkey.used(result.getSignatureCount(), result.isBackedUp(), clock.instant());
        return new Use(accountId, passkey.id(), amr(passkey.backupEligible(), result.isUserVerified()), result.isUserVerified());
    }

    static AssertionRequest keptAssertionRequest(String requestJson) {
        try {
            return AssertionRequest.fromJson(requestJson);
        } catch (IOException e) {
            throw new IllegalStateException("a kept assertion request is not the library's JSON", e);
        }
    }

    /**
     * The library's verdict on an assertion response to {@code request}: success, a valid signature
     * counter, and user verification when the request required it; anything else (the library's
     * failures, malformed or oversized JSON) is an {@link InvalidPasskeyResponse}. Stores nothing.
     */
    public static AssertionResult verifyAssertion(RelyingParty relyingParty, AssertionRequest request, String responseJson) {
        checkSize(responseJson);
        AssertionResult result;
        try {
            result = relyingParty.finishAssertion(FinishAssertionOptions.builder().request(request)
                    .response(PublicKeyCredential.parseAssertionResponseJson(responseJson)).build());
        } catch (AssertionFailedException | IOException | RuntimeException e) {
            throw refused("assertion", e);
        }
        boolean uvRequired = request.getPublicKeyCredentialRequestOptions().getUserVerification()
                .map(UserVerificationRequirement.REQUIRED::equals).orElse(false);
        if (!result.isSuccess() || !result.isSignatureCounterValid() || uvRequired && !result.isUserVerified()) {
            throw new InvalidPasskeyResponse();
        }
        if (request.getUserHandle().isPresent() && !request.getUserHandle().get().equals(result.getCredential().getUserHandle())) {
            throw new InvalidPasskeyResponse();
        }
        return result;
    }

    /**
     * A username-less sign-in's second half: the open PASSKEY_SIGN_IN challenge with this value is
     * consumed, then the response verified (user verification required). Empty when there is no
     * such open challenge (unknown, expired or already used: start again); a response that does not
     * verify throws {@link InvalidPasskeyResponse}. The caller checks the account may sign in.
     */
    @Transactional(dontRollbackOn = InvalidPasskeyResponse.class)
    public Optional<Use> finishSignIn(String challengeValue, String responseJson) {
        checkSize(responseJson);
        Optional<AuthChallenge> challenge = challenges.find(challengeValue, Set.of(ChallengePurpose.PASSKEY_SIGN_IN));
        if (challenge.isEmpty() || challenge.get().webauthnRequest() == null || !challenges.use(challengeValue)) {
            return Optional.empty();
        }
        return Optional.of(finishAssertion(challenge.get().webauthnRequest(), responseJson));
    }

    /**
     * A second step with a passkey: verifies the response against the SECOND_FACTOR challenge's kept
     * request (from {@link #startAssertion}{@code (accountId)}) and that the passkey is the account's.
     * Does NOT consume the challenge (the sign-in flow does) nor count a failure on it, and a refusal
     * leaves the caller's transaction able to commit (the flow records the failure).
     */
    @Transactional(dontRollbackOn = InvalidPasskeyResponse.class)
    public Use verifySecondFactor(String accountId, String challengeValue, String responseJson) {
        AuthChallenge challenge = challenges.find(challengeValue, Set.of(ChallengePurpose.SECOND_FACTOR))
                .filter(c -> accountId != null && accountId.equals(c.accountId()) && c.webauthnRequest() != null)
                .orElseThrow(InvalidPasskeyResponse::new);
        Use use = finishAssertion(challenge.webauthnRequest(), responseJson);
        if (!use.accountId().equals(accountId)) {
            throw new InvalidPasskeyResponse();
        }
        return use;
    }

    // ---- registration -------------------------------------------------------------------

    /** A registration request for the account (its existing passkeys excluded). */
    public Ceremony startRegistration(String accountId, String username) {
        PublicKeyCredentialCreationOptions request = relyingParty.startRegistration(StartRegistrationOptions.builder()
                .user(UserIdentity.builder().name(username).displayName(username).id(PasskeyCredentials.userHandle(accountId)).build())
                .authenticatorSelection(AuthenticatorSelectionCriteria.builder()
                        .residentKey(ResidentKeyRequirement.PREFERRED)
                        .userVerification(UserVerificationRequirement.PREFERRED)
                        .build())
                .timeout(TIMEOUT_MILLIS)
                .build());
        try {
            return new Ceremony(request.toCredentialsCreateJson(), request.toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the library could not write its own creation options", e);
        }
    }

    /** A registration's first half under a new PASSKEY_REGISTRATION challenge bound to the account and its session. */
    public Opened openRegistration(String accountId, String sessionId) {
        Account account = accounts.byId(accountId).orElseThrow(InvalidPasskeyResponse::new);
        Ceremony ceremony = startRegistration(accountId, account.username());
        String value = challenges.open(ChallengePurpose.PASSKEY_REGISTRATION, accountId, Challenges.STEP_TTL,
                c -> c.forSession(sessionId).withWebauthnRequest(ceremony.requestJson()));
        return new Opened(value, ceremony.publicKey());
    }

    /**
     * A registration's second half: consumes the open PASSKEY_REGISTRATION challenge of this account
     * and session, verifies the response and stores the passkey. Returns it.
     */
    @Transactional(dontRollbackOn = InvalidPasskeyResponse.class)
    public PasskeyView register(String accountId, String sessionId, String challengeValue, String responseJson, String name) {
        String checkedName = checkName(name);
        checkSize(responseJson);
        AuthChallenge challenge = challenges.find(challengeValue, Set.of(ChallengePurpose.PASSKEY_REGISTRATION))
                .filter(c -> accountId.equals(c.accountId()) && (c.sessionId() == null || c.sessionId().equals(sessionId))
                        && c.webauthnRequest() != null)
                .orElseThrow(InvalidPasskeyResponse::new);
        if (!challenges.use(challengeValue)) {
            throw new InvalidPasskeyResponse();
        }
        String id = finishRegistration(accountId, challenge.webauthnRequest(), responseJson, checkedName);
        return PasskeyView.of(em.find(Passkey.class, id));
    }

    /** Verifies the browser's registration response and stores the passkey under {@code name}; returns its id. */
    @Transactional
    public String finishRegistration(String accountId, String requestJson, String responseJson, String name) {
        String checkedName = checkName(name);
        checkSize(responseJson);
        PublicKeyCredentialCreationOptions request;
        try {
            request = PublicKeyCredentialCreationOptions.fromJson(requestJson);
        } catch (IOException e) {
            throw new IllegalStateException("a kept creation request is not the library's JSON", e);
        }
        if (!PasskeyCredentials.userHandle(accountId).equals(request.getUser().getId())) {
            throw new InvalidPasskeyResponse();
        }
        RegistrationResult result;
        try {
            result = relyingParty.finishRegistration(FinishRegistrationOptions.builder().request(request)
                    .response(PublicKeyCredential.parseRegistrationResponseJson(responseJson)).build());
        } catch (RegistrationFailedException | IOException | RuntimeException e) {
            throw refused("registration", e);
        }
        var keyId = result.getKeyId();
        if (credentials.byCredentialId(keyId.getId()).isPresent() || keyId.getId().getBase64Url().length() > 1400
                || result.getPublicKeyCose().getBase64Url().length() > 4096) {
            throw new InvalidPasskeyResponse();
        }
        var passkey = new Passkey(accountId, keyId.getId().getBase64Url(), result.getPublicKeyCose().getBase64Url(),
                result.getSignatureCount(), result.isBackupEligible(), result.isBackedUp(),
                PasskeyCredentials.transports(keyId.getTransports()), checkedName, clock.instant());
        em.persist(passkey);
        return passkey.id();
    }

    // ---- the owner's list ---------------------------------------------------------------

    public boolean hasAny(String accountId) {
        return em.createNamedQuery("Passkey.countByAccount", Long.class).setParameter("accountId", accountId).getSingleResult() > 0;
    }

    public List<PasskeyView> list(String accountId) {
        return credentials.ofAccount(accountId).stream().map(PasskeyView::of).toList();
    }

    @Transactional
    public PasskeyView rename(String accountId, String passkeyId, String name) {
        String checkedName = checkName(name);
        Passkey passkey = owned(accountId, passkeyId);
        passkey.rename(checkedName);
        return PasskeyView.of(passkey);
    }

    @Transactional
    public void remove(String accountId, String passkeyId) {
        em.remove(owned(accountId, passkeyId));
    }

    /** Removes every passkey of the account; returns how many. */
    @Transactional
    public int removeAll(String accountId) {
        return em.createQuery("DELETE FROM Passkey p WHERE p.accountId = :accountId").setParameter("accountId", accountId).executeUpdate();
    }

    private Passkey owned(String accountId, String passkeyId) {
        Passkey passkey = passkeyId == null ? null : em.find(Passkey.class, passkeyId);
        if (passkey == null || !passkey.accountId().equals(accountId)) {
            throw new NoSuchPasskey();
        }
        return passkey;
    }

    // ---- input checks ---------------------------------------------------------------------

    /** The {@code credential} member of a request body as JSON text: an object, else an {@link InvalidPasskeyResponse}. */
    public static String credentialOf(JsonObject body) {
        if (!(body.get("credential") instanceof JsonObject credential)) {
            throw new InvalidPasskeyResponse();
        }
        return credential.toString();
    }

    /** A name stripped of surrounding blanks: 1 to {@value #MAX_NAME_CHARS} characters, no control characters. */
    public static String checkName(String name) {
        String stripped = name == null ? "" : name.strip();
        if (stripped.isEmpty() || stripped.length() > MAX_NAME_CHARS || stripped.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidPasskeyName();
        }
        return stripped;
    }

    /**
     * Refuses, before the library parses anything, a response over {@value #MAX_RESPONSE_CHARS}
     * characters, one that is not a JSON object with a {@code response} object, and one whose
     * {@code clientDataJSON} is over {@value #MAX_CLIENT_DATA_BYTES} bytes.
     */
    public static void checkSize(String responseJson) {
        if (responseJson == null || responseJson.length() > MAX_RESPONSE_CHARS) {
            throw new InvalidPasskeyResponse();
        }
        JsonObject credential;
        try (var reader = JSON.createReader(new StringReader(responseJson))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new InvalidPasskeyResponse();
            }
            credential = value.asJsonObject();
        } catch (JsonException | IllegalStateException e) {
            throw new InvalidPasskeyResponse();
        }
        JsonValue response = credential.get("response");
        if (response == null || response.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new InvalidPasskeyResponse();
        }
        JsonValue clientData = response.asJsonObject().get("clientDataJSON");
        if (clientData == null || clientData.getValueType() != JsonValue.ValueType.STRING
                || ((jakarta.json.JsonString) clientData).getString().length() > (MAX_CLIENT_DATA_BYTES * 4 + 2) / 3) {
            throw new InvalidPasskeyResponse();
        }
    }

    private static InvalidPasskeyResponse refused(String ceremony, Exception e) {
        if (e instanceof PersistenceException persistence) {
            throw persistence;
        }
        // Only the kind of failure: the library's message may quote the response.
        LOG.log(Level.FINE, () -> "passkey " + ceremony + " refused: " + e.getClass().getSimpleName());
        return new InvalidPasskeyResponse();
    }
}
