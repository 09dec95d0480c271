package dev.rotor.session.boundary;

import dev.rotor.platform.Page;
import dev.rotor.session.entity.Session;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/** A page of sessions: {@code {sessions, page, size, total}}. */
@JsonbPropertyOrder({"sessions", "page", "size", "total"})
public record SessionList(List<SessionView> sessions, int page, int size, long total) {

    /** Default page size: the default rotor.sessions.max-per-user, so a page shows them all. */
    public static final int PER_PAGE = 50;

    public static SessionList of(Page<Session> found, String currentSessionId) {
        return new SessionList(found.items().stream().map(session -> SessionView.of(session, currentSessionId)).toList(),
                found.page(), found.size(), found.total());
    }
}
