package dev.rotor.client.control;

import dev.rotor.platform.Refusal;

/**
 * A client registration or change an admin sent that breaks a rule (400): its problem type names
 * the field ({@code invalid-client-id}, {@code invalid-redirect-uri}, {@code invalid-web-origin},
 * {@code invalid-grant-type}, {@code invalid-client-scope}, ...), its detail the value and the rule.
 */
public class InvalidClientSetting extends Refusal {
    public InvalidClientSetting(String type, String detail) {
        super(type, 400, detail);
    }
}
