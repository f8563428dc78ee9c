package causse.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * A message kept for an owner who was offline (XEP-0160).
 *
 * @param id        chosen by the store; a later message of the same owner has a greater id
 * @param stored    when it was stored, to the microsecond (what the databases keep)
 * @param stanzaXml the message stanza as XML text, exactly as it was given
 */
public record OfflineMessage(long id, Instant stored, String stanzaXml) {
    public OfflineMessage {
        Objects.requireNonNull(stored, "stored");
        Objects.requireNonNull(stanzaXml, "stanzaXml");
    }
}
