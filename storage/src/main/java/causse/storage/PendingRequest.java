package causse.storage;

import java.util.Objects;

/** An unanswered subscription request (RFC 6121 §3.1.3): who sent it and the presence stanza, as XML text. */
public record PendingRequest(String contact, String stanzaXml) {
    public PendingRequest {
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(stanzaXml, "stanzaXml");
    }
}
