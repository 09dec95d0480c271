package dev.rotor.factor.control;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import dev.rotor.account.control.Accounts;
import dev.rotor.account.entity.Account;
import dev.rotor.custody.control.KeyCustody;
import dev.rotor.factor.entity.TotpAuthenticator;
import dev.rotor.factor.entity.TotpPending;
import dev.rotor.factor.entity.SealedTotpSecret;
import dev.rotor.platform.ClusterLock;
import dev.rotor.platform.ClusterLocks;
import dev.rotor.platform.Housekeeping;
import dev.rotor.platform.RequestFacts;
import dev.rotor.throttle.control.SignInThrottle;
import dev.rotor.throttle.control.SignInThrottle.Attempt;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * An account's authenticator app (TOTP, RFC 6238: HMAC-SHA-1, {@value #DIGITS} digits,
 * {@value #STEP_SECONDS} s steps, the current step ±{@code rotor.totp.window}, default 1).
 * <ul>
 *   <li>{@link #begin}: a new 160-bit secret, sealed by {@code KeyCustody} and kept in
 *       {@link TotpPending} (bound to that row), replacing an enrolment that waited; answers the
 *       base32 secret, the {@code otpauth://} URI and its QR code (ZXing) as an SVG data URI. A
 *       confirmed authenticator stays in use meanwhile;</li>
 *   <li>{@link #confirm}: the first valid code for the pending secret makes it the account's
 *       {@link TotpAuthenticator} (sealed again, bound to that row), replacing an earlier one;</li>
 *   <li>{@link #verify}: a valid code for a step above {@code last_used_step}, taken by
 *       compare-and-set ({@code TotpAuthenticator.advance}), so a code is accepted once and an
 *       older step after a newer one never.</li>
 * </ul>
 * A code that is not exactly six ASCII digits is {@link InvalidOneTimeCode} before anything is
 * counted. Every well-formed check of {@link #confirm} and {@link #verify} is counted by
 * {@link SignInThrottle} against the account's username, as a password attempt is: TOTP and
 * password failures share the per-account lockout (429, {@code Retry-After}). An enrolment waits
 * {@link #PENDING_TTL} for its code; housekeeping deletes it after that. The methods that
 * check a code are not transactional themselves, so a refusal never marks a caller's transaction
 * for rollback; the throttle commits its counts in transactions of its own.
 */
@ApplicationScoped
public class Totps implements Housekeeping.Chore {

    private static final Logger LOG = Logger.getLogger(Totps.class.getName());
    public static final int DIGITS = 6;
    public static final long STEP_SECONDS = 30;
    static final int SECRET_BYTES = 20;
    private static final int MAX_WINDOW = 10;
    /** How long an enrolment waits for its first code; housekeeping deletes older ones. */
    public static final Duration PENDING_TTL = Duration.ofDays(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What enrolment shows: the secret (base32), the otpauth URI and its QR code (an SVG data URI). */
    public record Enrolment(String secret, String uri, String qrCode) {
    }

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    KeyCustody custody;

    @Inject
    SignInThrottle throttle;

    @Inject
    ClusterLocks locks;

    @Inject
    Accounts accounts;

    @Inject
    Clock clock;

    @Inject
    Totps self;

    /** Steps accepted either side of the current one. */
    @Inject
    @ConfigProperty(name = "rotor.totp.window", defaultValue = "1")
    int window;

    /** The issuer authenticator apps show beside the account. */
    @Inject
    @ConfigProperty(name = "rotor.totp.issuer", defaultValue = "Rotor")
    String issuer;

    @PostConstruct
    void check() {
        if (window < 0 || window > MAX_WINDOW) {
            throw new IllegalStateException("Rotor configuration cannot work: rotor.totp.window must be between 0 and " + MAX_WINDOW);
        }
        if (issuer == null || issuer.isBlank() || issuer.contains(":")) {
            throw new IllegalStateException("Rotor configuration cannot work: rotor.totp.issuer must not be blank or contain ':'");
        }
    }

    /** Starts (or restarts) enrolment for the account; its confirmed authenticator, if any, stays until the new one is confirmed. */
    @Transactional
    public Enrolment begin(String accountId, String username) {
        byte[] random = new byte[SECRET_BYTES];
        RANDOM.nextBytes(random);
        String secret = Base32.encode(random);
        Instant now = clock.instant();
        TotpPending pending = em.find(TotpPending.class, accountId, LockModeType.PESSIMISTIC_WRITE);
        boolean fresh = pending == null;
        if (fresh) {
            pending = new TotpPending(accountId, now);
        }
        pending.restarted(now);
        seal(pending, secret);
        if (fresh) {
            em.persist(pending);
        }
        String uri = uri(username, secret);
        return new Enrolment(secret, uri, qrCode(uri));
    }

    /**
     * True when {@code code} is valid for the pending enrolment, which it then confirms (replacing an
     * earlier authenticator); the attempt counts against the username and the address of {@code facts}.
     */
    public boolean confirm(String accountId, String username, String code, RequestFacts facts) {
        requireWellFormed(code);
        username = throttleKey(accountId, username);
        Attempt attempt = throttle.begin(username, facts);
        boolean confirmed = self.confirmPending(accountId, code);
        finish(attempt, confirmed, username, facts);
        return confirmed;
    }

    /**
     * True when {@code code} is valid for the confirmed authenticator and its step was not used yet;
     * the attempt counts against the username and the address of {@code facts}.
     */
    public boolean verify(String accountId, String username, String code, RequestFacts facts) {
        requireWellFormed(code);
        username = throttleKey(accountId, username);
        Attempt attempt = throttle.begin(username, facts);
        boolean valid = self.accept(accountId, code);
        finish(attempt, valid, username, facts);
        return valid;
    }

    /** True when the account has a confirmed authenticator. */
    public boolean isEnrolled(String accountId) {
        return authenticator(accountId).isPresent();
    }

    /** The account's confirmed authenticator (for its dates; its secret stays sealed). */
    public Optional<TotpAuthenticator> authenticator(String accountId) {
        return Optional.ofNullable(em.find(TotpAuthenticator.class, accountId)).filter(TotpAuthenticator::isConfirmed);
    }

    /** Removes the account's authenticator (confirmed or not); true if there was one. */
    @Transactional
    public boolean remove(String accountId) {
        int pending = em.createQuery("DELETE FROM TotpPending t WHERE t.accountId = :accountId")
                .setParameter("accountId", accountId).executeUpdate();
        int confirmed = em.createQuery("DELETE FROM TotpAuthenticator t WHERE t.accountId = :accountId")
                .setParameter("accountId", accountId).executeUpdate();
        return pending + confirmed > 0;
    }

    /**
     * Start-up, after {@code SealedSecrets.resealAll}: seals every authenticator secret (confirmed
     * or pending) held under the previous KEK again under the current one, so the previous KEK is
     * needed no more after one start.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void resealAll() {
        locks.hold(ClusterLock.FIRST_START);
        List<SealedTotpSecret> rows = new ArrayList<>(em.createNamedQuery("TotpAuthenticator.all", TotpAuthenticator.class).getResultList());
        rows.addAll(em.createNamedQuery("TotpPending.all", TotpPending.class).getResultList());
        int resealed = 0;
        for (SealedTotpSecret row : rows) {
            var held = new KeyCustody.Sealed(row.secretKekId(), row.secretSealed());
            if (custody.needsSealing(held)) {
                seal(row, custody.openToReseal(held, sealName(row.accountId()), row.sealBindingFor(row.secretKekId())));
                resealed++;
            }
        }
        if (resealed > 0) {
            int count = resealed;
            LOG.info(() -> count + " authenticator-app secrets sealed again with KEK " + custody.kekId());
        }
    }

    @Override
    public String deletes() {
        return "abandoned authenticator-app enrolments";
    }

    /** Deletes enrolments that waited longer than {@link #PENDING_TTL} for their first code. */
    @Override
    @Transactional
    public int run(Instant now) {
        return em.createQuery("DELETE FROM TotpPending t WHERE t.createdAt < :cutoff")
                .setParameter("cutoff", now.minus(PENDING_TTL)).executeUpdate();
    }

    /** In one transaction: the pending secret, if {@code code} is valid for it, becomes the account's authenticator. */
    @Transactional
    public boolean confirmPending(String accountId, String code) {
        TotpPending pending = em.find(TotpPending.class, accountId, LockModeType.PESSIMISTIC_WRITE);
        if (pending == null || !pending.createdAt().plus(PENDING_TTL).isAfter(clock.instant())) {
            return false;
        }
        String secret = secretOf(pending);
        OptionalLong step = matchingStep(Base32.decode(secret), code, Long.MIN_VALUE);
        if (step.isEmpty()) {
            return false;
        }
        Instant now = clock.instant();
        TotpAuthenticator existing = em.find(TotpAuthenticator.class, accountId, LockModeType.PESSIMISTIC_WRITE);
        TotpAuthenticator row = existing != null ? existing : new TotpAuthenticator(accountId, null, "", now);
        seal(row, secret);
        row.confirm(step.getAsLong(), now);
        if (existing == null) {
            em.persist(row);
        }
        em.remove(pending);
        return true;
    }

    /** In one transaction: takes the code's step by compare-and-set when the code is valid for the confirmed authenticator. */
    @Transactional
    public boolean accept(String accountId, String code) {
        TotpAuthenticator row = em.find(TotpAuthenticator.class, accountId);
        if (row == null || !row.isConfirmed()) {
            return false;
        }
        String secret = secretOf(row);
        OptionalLong step = matchingStep(Base32.decode(secret), code, row.lastUsedStep());
        if (step.isEmpty()) {
            return false;
        }
        return em.createNamedQuery("TotpAuthenticator.advance")
                .setParameter("step", step.getAsLong())
                .setParameter("now", clock.instant())
                .setParameter("accountId", accountId)
                .executeUpdate() == 1;
    }

    /** The username the throttle counts under: the one given, else the account's. */
    private String throttleKey(String accountId, String username) {
        if (username != null) {
            return username;
        }
        return accounts.byId(accountId).map(Account::username).orElse(accountId);
    }

    private void finish(Attempt attempt, boolean valid, String username, RequestFacts facts) {
        if (valid) {
            throttle.succeeded(attempt);
        } else {
            throttle.failed(attempt, username, facts);
        }
    }

    /**
     * The step within the window whose code is {@code code} and that is above {@code above}, the
     * latest if several are; every step of the window is computed and compared in constant time.
     */
    OptionalLong matchingStep(byte[] secret, String code, long above) {
        long current = Math.floorDiv(clock.instant().getEpochSecond(), STEP_SECONDS);
        byte[] given = code.getBytes(StandardCharsets.US_ASCII);
        long found = Long.MIN_VALUE;
        for (long step = current - window; step <= current + window; step++) {
            boolean same = MessageDigest.isEqual(code(secret, step).getBytes(StandardCharsets.US_ASCII), given);
            if (same && step > above) {
                found = step;
            }
        }
        return found == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(found);
    }

    /** RFC 6238 with HMAC-SHA-1 and {@value #DIGITS} digits (RFC 4226 dynamic truncation) for time step {@code step}. */
    static String code(byte[] secret, long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            byte[] hash = mac.doFinal(java.nio.ByteBuffer.allocate(8).putLong(step).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            return String.format("%06d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Exactly {@value #DIGITS} ASCII digits, else {@link InvalidOneTimeCode}. */
    static void requireWellFormed(String code) {
        if (code == null || code.length() != DIGITS) {
            throw new InvalidOneTimeCode();
        }
        for (int i = 0; i < DIGITS; i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidOneTimeCode();
            }
        }
    }

    /** {@code otpauth://totp/<issuer>:<username>?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30}. */
    String uri(String username, String secret) {
        return "otpauth://totp/" + encode(issuer) + ":" + encode(username)
                + "?secret=" + secret + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP_SECONDS;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The QR code of {@code text} (ZXing, error correction M, 4 modules of quiet zone) as an SVG data URI. */
    static String qrCode(String text) {
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4));
        } catch (WriterException e) {
            throw new IllegalStateException("Cannot make the QR code", e);
        }
        int width = matrix.getWidth();
        int height = matrix.getHeight();
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < height; y++) {
            int x = 0;
            while (x < width) {
                if (!matrix.get(x, y)) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < width && matrix.get(x, y)) {
                    x++;
                }
                path.append('M').append(start).append(' ').append(y).append('h').append(x - start).append("v1h-").append(x - start).append('z');
            }
        }
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + width + " " + height
                + "\" width=\"" + width * 6 + "\" height=\"" + height * 6 + "\" shape-rendering=\"crispEdges\">"
                + "<rect width=\"" + width + "\" height=\"" + height + "\" fill=\"#fff\"/>"
                + "<path fill=\"#000\" d=\"" + path + "\"/></svg>";
        return "data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8));
    }

    /** The row's secret, opened under the KEK that sealed it and checked against the row's binding. */
    private String secretOf(SealedTotpSecret row) {
        return custody.open(new KeyCustody.Sealed(row.secretKekId(), row.secretSealed()), sealName(row.accountId()),
                row.sealBindingFor(row.secretKekId()));
    }

    /** Seals {@code secret} under the current KEK, bound to {@code row}, into the row. */
    private void seal(SealedTotpSecret row, String secret) {
        var sealed = custody.seal(secret, row::sealBindingFor);
        row.resealed(sealed.kekId(), sealed.value());
    }

    private static String sealName(String accountId) {
        return "The authenticator-app secret of account " + accountId;
    }
}
