package dev.rotor.client.control;

import dev.rotor.platform.Refusal;

/**
 * A client change that cannot be made in the client's present state (409): a built-in client
 * ({@code built-in-client}), an id already taken ({@code client-id-taken}), a third secret
 * ({@code too-many-secrets}), a secret for a public client ({@code public-client}).
 */
public class ClientConflict extends Refusal {

    private ClientConflict(String type, String detail) {
        super(type, 409, detail);
    }

    public static ClientConflict builtIn(String clientId) {
        return new ClientConflict("built-in-client", "Client " + clientId + " is built in (rotor.clients) and cannot be changed here.");
    }

    public static ClientConflict idTaken(String clientId) {
        return new ClientConflict("client-id-taken", "A client with id " + clientId + " exists already.");
    }

    public static ClientConflict tooManySecrets() {
        return new ClientConflict("too-many-secrets", "A client has at most " + ClientAdministration.MAX_SECRETS
                + " secrets; delete one before adding another.");
    }

    public static ClientConflict publicClient(String clientId) {
        return new ClientConflict("public-client", "Client " + clientId + " is public: it holds no secret.");
    }
}
