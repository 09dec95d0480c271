package dev.rotor.custody.control;

import java.util.Optional;

/** A loaded {@link KeyCustody} outside the container, for tests in other packages. */
public final class TestCustody {

    private TestCustody() {
    }

    /** Custody holding {@code kek} and, if not null, {@code previous} as the previous KEK. */
    public static KeyCustody with(KeyEncryptionKey kek, KeyEncryptionKey previous) {
        var custody = new KeyCustody();
        custody.kekText = Optional.of(kek.toBase64());
        custody.previousKekText = Optional.ofNullable(previous).map(KeyEncryptionKey::toBase64);
        custody.kekFile = Optional.empty();
        custody.load();
        return custody;
    }
}
