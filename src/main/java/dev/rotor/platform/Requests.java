package dev.rotor.platform;

import jakarta.servlet.http.HttpServletRequest;

/** Reads the facts about a request that sessions and audit events keep. */
public final class Requests {

    private Requests() {
    }

    public static RequestFacts facts(HttpServletRequest request) {
        if (request == null) {
            return RequestFacts.NONE;
        }
        return new RequestFacts(request.getRemoteAddr(), request.getHeader("User-Agent"), null);
    }
}
