package causse.xml;

import java.util.Objects;

/** Character data, kept unescaped; {@link XmlWriter} escapes it on output. */
public record XmlText(String text) implements XmlNode {
    public XmlText {
        Objects.requireNonNull(text, "text");
    }
}
