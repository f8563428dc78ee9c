package causse.xml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable XML element with its namespace resolved.
 *
 * <p>Attribute keys are local names for attributes in no namespace, {@code xml:lang} (and other
 * {@code xml:} names) for the XML namespace, and Clark notation {@code {uri}local} for any other
 * namespaced attribute. Namespace declarations are not attributes: the namespace of each element is
 * carried by {@link #namespace()} and the writer declares what it needs.
 */
public final class XmlElement implements XmlNode {
    private final String name;
    private final String namespace;
    private final Map<String, String> attributes;
    private final List<XmlNode> children;

    private XmlElement(String name, String namespace, Map<String, String> attributes, List<XmlNode> children) {
        this.name = name;
        this.namespace = namespace;
        this.attributes = attributes;
        this.children = children;
    }

    public static Builder builder(String name, String namespace) {
        return new Builder(name, namespace);
    }

    /** An element with no attributes and no children. */
    public static XmlElement empty(String name, String namespace) {
        return new Builder(name, namespace).build();
    }

    public String name() {
        return name;
    }

    /** The namespace URI, never null ({@code ""} for no namespace). */
    public String namespace() {
        return namespace;
    }

    public boolean is(String name, String namespace) {
        return this.name.equals(name) && this.namespace.equals(namespace);
    }

    public Map<String, String> attributes() {
        return attributes;
    }

    /** The attribute's value, or null when absent. */
    public String attribute(String key) {
        return attributes.get(key);
    }

    public List<XmlNode> children() {
        return children;
    }

    /** The child elements, in document order. */
    public List<XmlElement> elements() {
        List<XmlElement> out = new ArrayList<>(children.size());
        for (XmlNode n : children) {
            if (n instanceof XmlElement e) {
                out.add(e);
            }
        }
        return out;
    }

    /** The first child element with this name and namespace, or null. */
    public XmlElement child(String name, String namespace) {
        for (XmlNode n : children) {
            if (n instanceof XmlElement e && e.is(name, namespace)) {
                return e;
            }
        }
        return null;
    }

    /** The first child element, or null when there is none. */
    public XmlElement firstElement() {
        for (XmlNode n : children) {
            if (n instanceof XmlElement e) {
                return e;
            }
        }
        return null;
    }

    /** The concatenated character data directly inside this element. */
    public String text() {
        StringBuilder sb = null;
        String single = null;
        for (XmlNode n : children) {
            if (n instanceof XmlText t) {
                if (single == null && sb == null) {
                    single = t.text();
                } else {
                    if (sb == null) {
                        sb = new StringBuilder(single);
                    }
                    sb.append(t.text());
                }
            }
        }
        return sb != null ? sb.toString() : single != null ? single : "";
    }

    /** Text of the first child element with this name and namespace, or null. */
    public String childText(String name, String namespace) {
        XmlElement c = child(name, namespace);
        return c == null ? null : c.text();
    }

    public Builder toBuilder() {
        Builder b = new Builder(name, namespace);
        b.attributes.putAll(attributes);
        b.children.addAll(children);
        return b;
    }

    /** A copy with this attribute set, or removed when {@code value} is null. */
    public XmlElement withAttribute(String key, String value) {
        if (Objects.equals(attributes.get(key), value)) {
            return this;
        }
        Map<String, String> copy = new LinkedHashMap<>(attributes);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return new XmlElement(name, namespace, Collections.unmodifiableMap(copy), children);
    }

    /** A copy in another namespace, children untouched (used to move stanzas between jabber:client and jabber:server). */
    public XmlElement withNamespace(String newNamespace) {
        return newNamespace.equals(namespace) ? this : new XmlElement(name, newNamespace, attributes, children);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof XmlElement e && name.equals(e.name) && namespace.equals(e.namespace)
                && attributes.equals(e.attributes) && children.equals(e.children);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, namespace, attributes, children);
    }

    /** The element serialised as XML, declaring its own namespace. */
    @Override
    public String toString() {
        return XmlWriter.toXml(this);
    }

    /** Builds an element; not thread-safe, not reusable after {@link #build()}. */
    public static final class Builder {
        private final String name;
        private final String namespace;
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private final List<XmlNode> children = new ArrayList<>();

        private Builder(String name, String namespace) {
            this.name = Objects.requireNonNull(name, "name");
            this.namespace = namespace == null ? "" : namespace;
        }

        /** Sets an attribute; a null value is ignored, which keeps optional attributes short to write. */
        public Builder attribute(String key, String value) {
            if (value != null) {
                attributes.put(key, value);
            }
            return this;
        }

        public Builder child(XmlNode node) {
            if (node != null) {
                children.add(node);
            }
            return this;
        }

        public Builder children(List<? extends XmlNode> nodes) {
            for (XmlNode n : nodes) {
                child(n);
            }
            return this;
        }

        public Builder text(String text) {
            if (text != null && !text.isEmpty()) {
                children.add(new XmlText(text));
            }
            return this;
        }

        /** Adds {@code <name xmlns=namespace>text</name>}; nothing when text is null. */
        public Builder textChild(String name, String namespace, String text) {
            if (text != null) {
                children.add(XmlElement.builder(name, namespace).text(text).build());
            }
            return this;
        }

        public XmlElement build() {
            return new XmlElement(name, namespace,
                    attributes.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attributes)),
                    children.isEmpty() ? List.of() : List.copyOf(children));
        }
    }
}
