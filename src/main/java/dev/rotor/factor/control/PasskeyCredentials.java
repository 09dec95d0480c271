package dev.rotor.factor.control;

import com.yubico.webauthn.CredentialRepository;
import com.yubico.webauthn.RegisteredCredential;
import com.yubico.webauthn.data.AuthenticatorTransport;
import com.yubico.webauthn.data.ByteArray;
import com.yubico.webauthn.data.PublicKeyCredentialDescriptor;
import com.yubico.webauthn.data.exception.Base64UrlException;
import dev.rotor.account.control.Accounts;
import dev.rotor.account.entity.Account;
import dev.rotor.factor.entity.Passkey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The library's view of the {@code passkey} table: the user handle is the account id's UTF-8 bytes,
 * the username the account's username.
 */
@ApplicationScoped
public class PasskeyCredentials implements CredentialRepository {

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    Accounts accounts;

    public static ByteArray userHandle(String accountId) {
        return new ByteArray(accountId.getBytes(StandardCharsets.UTF_8));
    }

    public static String accountId(ByteArray userHandle) {
        return new String(userHandle.getBytes(), StandardCharsets.UTF_8);
    }

    List<Passkey> ofAccount(String accountId) {
        return em.createNamedQuery("Passkey.byAccount", Passkey.class).setParameter("accountId", accountId).getResultList();
    }

    Optional<Passkey> byCredentialId(ByteArray credentialId) {
        return em.createNamedQuery("Passkey.byCredentialId", Passkey.class)
                .setParameter("credentialId", credentialId.getBase64Url())
                .getResultStream().findFirst();
    }

    @Override
    public Set<PublicKeyCredentialDescriptor> getCredentialIdsForUsername(String username) {
        return accounts.byRawUsername(username).map(account -> ofAccount(account.id()).stream()
                .map(PasskeyCredentials::descriptor).collect(Collectors.toSet())).orElse(Set.of());
    }

    @Override
    public Optional<ByteArray> getUserHandleForUsername(String username) {
        return accounts.byRawUsername(username).map(account -> userHandle(account.id()));
    }

    @Override
    public Optional<String> getUsernameForUserHandle(ByteArray userHandle) {
        return accounts.byId(accountId(userHandle)).map(Account::username);
    }

    @Override
    public Optional<RegisteredCredential> lookup(ByteArray credentialId, ByteArray userHandle) {
        return byCredentialId(credentialId)
                .filter(passkey -> passkey.accountId().equals(accountId(userHandle)))
                .map(PasskeyCredentials::registered);
    }

    @Override
    public Set<RegisteredCredential> lookupAll(ByteArray credentialId) {
        return byCredentialId(credentialId).map(PasskeyCredentials::registered).map(Set::of).orElse(Set.of());
    }

    static PublicKeyCredentialDescriptor descriptor(Passkey passkey) {
        var builder = PublicKeyCredentialDescriptor.builder().id(bytes(passkey.credentialId()));
        SortedSet<AuthenticatorTransport> transports = transports(passkey.transports());
        if (!transports.isEmpty()) {
            builder.transports(transports);
        }
        return builder.build();
    }

    static RegisteredCredential registered(Passkey passkey) {
        return RegisteredCredential.builder()
                .credentialId(bytes(passkey.credentialId()))
                .userHandle(userHandle(passkey.accountId()))
                .publicKeyCose(bytes(passkey.publicKeyCose()))
                .signatureCount(passkey.signatureCount())
                .backupEligible(passkey.backupEligible())
                .backupState(passkey.backedUp())
                .build();
    }

    static SortedSet<AuthenticatorTransport> transports(String stored) {
        SortedSet<AuthenticatorTransport> set = new TreeSet<>();
        if (stored != null && !stored.isBlank()) {
            Arrays.stream(stored.split(",")).map(String::strip).filter(id -> !id.isEmpty())
                    .map(AuthenticatorTransport::of).forEach(set::add);
        }
        return set;
    }

    static String transports(Optional<SortedSet<AuthenticatorTransport>> transports) {
        String joined = transports.orElse(new TreeSet<>()).stream().map(AuthenticatorTransport::getId)
                .filter(id -> id.length() <= 32 && id.chars().allMatch(c -> c >= 'a' && c <= 'z' || c == '-'))
                .collect(Collectors.joining(","));
        return joined.isEmpty() || joined.length() > 128 ? null : joined;
    }

    static ByteArray bytes(String base64Url) {
        try {
            return ByteArray.fromBase64Url(base64Url);
        } catch (Base64UrlException e) {
            throw new IllegalStateException("a stored passkey value is not base64url", e);
        }
    }
}
