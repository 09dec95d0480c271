package dev.rotor.factor.control;

import dev.rotor.factor.entity.RecoveryCode;
import dev.rotor.platform.RandomSecrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Ten single-use recovery codes per account, shown once, stored as SHA-256. A code is
 * {@code xxxx-xxxx-xxxx}: twelve characters of Crockford's base32 alphabet in lower case (no
 * {@code i}, {@code l}, {@code o}, {@code u}), 60 random bits. What a user types is normalised
 * before hashing: case, dashes and spaces do not matter, and {@code o}, {@code i}, {@code l} read
 * as {@code 0}, {@code 1}, {@code 1}.
 */
@ApplicationScoped
public class RecoveryCodes {

    public static final int COUNT = 10;
    static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
    static final int LENGTH = 12;
    /** Longer input is not a code (and is not hashed). */
    static final int MAX_INPUT = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    Clock clock;

    /** Replaces the account's codes with {@value #COUNT} new ones and returns them (their only copy). */
    @Transactional
    public List<String> generate(String accountId) {
        removeAll(accountId);
        Instant now = clock.instant();
        List<String> codes = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            String code = newCode();
            codes.add(code);
            em.persist(new RecoveryCode(accountId, RandomSecrets.sha256Hex(normalise(code)), now));
        }
        return List.copyOf(codes);
    }

    /** Uses {@code code} once (compare-and-set): the number of codes left, or empty when it is not an unused code of the account. */
    @Transactional
    public OptionalInt use(String accountId, String code) {
        String normal = normalise(code);
        if (normal == null) {
            return OptionalInt.empty();
        }
        int used = em.createNamedQuery("RecoveryCode.use")
                .setParameter("now", clock.instant())
                .setParameter("accountId", accountId)
                .setParameter("codeHash", RandomSecrets.sha256Hex(normal))
                .executeUpdate();
        return used == 1 ? OptionalInt.of(remaining(accountId)) : OptionalInt.empty();
    }

    /** Unused codes left. */
    public int remaining(String accountId) {
        return em.createNamedQuery("RecoveryCode.remaining", Long.class).setParameter("accountId", accountId)
                .getSingleResult().intValue();
    }

    @Transactional
    public void removeAll(String accountId) {
        em.createNamedQuery("RecoveryCode.deleteByAccount").setParameter("accountId", accountId).executeUpdate();
    }

    static String newCode() {
        StringBuilder code = new StringBuilder(LENGTH + 2);
        for (int i = 0; i < LENGTH; i++) {
            if (i > 0 && i % 4 == 0) {
                code.append('-');
            }
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    /** The code as stored (hashed): lower case, no dashes or spaces, o/i/l as 0/1/1; null when it cannot be a code. */
    static String normalise(String typed) {
        if (typed == null || typed.length() > MAX_INPUT) {
            return null;
        }
        StringBuilder normal = new StringBuilder(LENGTH);
        for (char c : typed.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == '-' || c == ' ') {
                continue;
            }
            char read = switch (c) {
                case 'o' -> '0';
                case 'i', 'l' -> '1';
                default -> c;
            };
            if (ALPHABET.indexOf(read) < 0) {
                return null;
            }
            normal.append(read);
        }
        return normal.length() == LENGTH ? normal.toString() : null;
    }
}
