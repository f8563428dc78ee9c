package causse.xml;

/** A node of an XML tree: an element or a run of character data. Immutable. */
public sealed interface XmlNode permits XmlElement, XmlText {
}
