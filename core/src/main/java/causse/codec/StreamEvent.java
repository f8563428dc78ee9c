package causse.codec;

import causse.stanza.StreamErrorCondition;
import causse.xml.XmlElement;
import java.util.Map;

/** What {@link XmppStreamDecoder} passes up the pipeline: the stream's framing, one event at a time. */
public sealed interface StreamEvent {

    /**
     * The stream header was read.
     *
     * @param name the root element's local name (normally {@code stream})
     * @param namespace the root element's namespace URI (normally {@link causse.xml.Namespaces#STREAM})
     * @param attributes its attributes, keyed as in {@link XmlElement} ({@code to}, {@code from},
     *     {@code version}, {@code id}, {@code xml:lang})
     * @param declarations the namespace declarations on the root element, prefix to URI, the default
     *     namespace under the key {@code ""}
     */
    record StreamOpened(String name, String namespace, Map<String, String> attributes,
                        Map<String, String> declarations) implements StreamEvent {
        public String attribute(String key) {
            return attributes.get(key);
        }

        /** The default namespace of the stream's content ({@code jabber:client}, {@code jabber:server}), or "". */
        public String contentNamespace() {
            return declarations.getOrDefault("", "");
        }
    }

    /** A complete first-level child of the stream: a stanza or a negotiation element. */
    record ElementReceived(XmlElement element) implements StreamEvent {
    }

    /** The peer closed the stream with {@code </stream:stream>}. */
    record StreamClosed() implements StreamEvent {
    }

    /**
     * The input broke the rules; the decoder reads nothing more on this connection. The handler that
     * receives this sends the stream error and closes the connection.
     */
    record StreamFailed(StreamErrorCondition condition, String detail) implements StreamEvent {
    }
}
