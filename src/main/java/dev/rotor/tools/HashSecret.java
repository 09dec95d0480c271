package dev.rotor.tools;

import dev.rotor.oauth.control.SecretHash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Prints the configured form of a resource-server client secret, read from standard input so it
 * stays out of the shell history and the process list:
 * {@code printf '%s' "$SECRET" | java -cp target/classes dev.rotor.tools.HashSecret}.
 */
public final class HashSecret {

    private HashSecret() {
    }

    public static void main(String[] args) throws IOException {
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String secret = in.readLine();
        if (secret == null || secret.length() < 16) {
            System.err.println("Give the secret (at least 16 characters) on standard input.");
            System.exit(2);
            return;
        }
        System.out.println(SecretHash.of(secret, SecretHash.DEFAULT_ITERATIONS).format());
    }
}
