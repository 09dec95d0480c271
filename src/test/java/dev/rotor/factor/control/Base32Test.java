package dev.rotor.factor.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** RFC 4648 §10's test vectors (without padding), round trips, and what decoding refuses. */
class Base32Test {

    @Test
    void encodesTheRfc4648Vectors() {
        String[][] vectors = {{"", ""}, {"f", "MY"}, {"fo", "MZXQ"}, {"foo", "MZXW6"}, {"foob", "MZXW6YQ"},
                {"fooba", "MZXW6YTB"}, {"foobar", "MZXW6YTBOI"}};
        for (String[] vector : vectors) {
            byte[] bytes = vector[0].getBytes(StandardCharsets.US_ASCII);
            assertEquals(vector[1], Base32.encode(bytes), vector[0]);
            assertArrayEquals(bytes, Base32.decode(vector[1]), vector[1]);
        }
    }

    @Test
    void decodesLowerCaseSpacesAndPadding() {
        assertArrayEquals("foobar".getBytes(StandardCharsets.US_ASCII), Base32.decode("mzxw 6ytb oi======"));
    }

    @Test
    void roundTripsRandomSecrets() {
        var random = new SecureRandom();
        for (int length = 0; length < 40; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            assertArrayEquals(bytes, Base32.decode(Base32.encode(bytes)));
        }
        assertEquals(32, Base32.encode(new byte[20]).length(), "160 bits are 32 characters");
    }

    @Test
    void refusesWhatIsNotBase32() {
        assertThrows(IllegalArgumentException.class, () -> Base32.decode("MZXW1"), "1 is not in the alphabet");
        assertThrows(IllegalArgumentException.class, () -> Base32.decode("MZXW8"), "8 is not in the alphabet");
        assertThrows(IllegalArgumentException.class, () -> Base32.decode("M"), "5 bits are no byte");
        assertThrows(IllegalArgumentException.class, () -> Base32.decode("MZ"), "leftover bits must be zero");
    }
}
