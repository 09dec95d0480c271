package dev.rotor.audit.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One security-relevant event. Holds ids and facts, never a token or a password. */
@Entity
@Table(name = "audit_event")
@NamedQuery(name = "AuditEvent.idsBefore", query = "SELECT e.id FROM AuditEvent e WHERE e.occurredAt < :cutoff")
@NamedQuery(name = "AuditEvent.deleteByIds", query = "DELETE FROM AuditEvent e WHERE e.id IN :ids")
public class AuditEvent {

    @Id
    private String id;

    @Enumerated(EnumType.STRING)
    private AuditType type;

    @Column(name = "occurred_at")
    private Instant occurredAt;

    @Column(name = "account_id")
    private String accountId;

    @Column(name = "actor_id")
    private String actorId;

    @Column(name = "session_id")
    private String sessionId;

    @Column(name = "client_ip")
    private String clientIp;

    @Column(name = "user_agent")
    private String userAgent;

    private String detail;

    protected AuditEvent() {
    }

    public AuditEvent(AuditType type, Instant occurredAt, String accountId, String actorId, String sessionId,
                      String clientIp, String userAgent, String detail) {
        this.id = UUID.randomUUID().toString();
        this.type = type;
        this.occurredAt = occurredAt;
        this.accountId = accountId;
        this.actorId = actorId;
        this.sessionId = sessionId;
        this.clientIp = clip(clientIp, 64);
        this.userAgent = clip(userAgent, 512);
        this.detail = clip(detail, 512);
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    public String id() { return id; }
    public AuditType type() { return type; }
    public Instant occurredAt() { return occurredAt; }
    public String accountId() { return accountId; }
    public String actorId() { return actorId; }
    public String sessionId() { return sessionId; }
    public String clientIp() { return clientIp; }
    public String userAgent() { return userAgent; }
    public String detail() { return detail; }
}
