package causse.codec;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import java.nio.charset.StandardCharsets;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;

/**
 * The element and attribute names of everyday XMPP, taught once to the factory that makes every stream's reader.
 * Each Aalto reader starts from a copy of its factory's symbol table and adds, with a {@code String.intern()},
 * every name it meets that the table does not hold: without this, every stream of every connection paid that for
 * {@code stream:stream}, {@code auth}, {@code iq}, {@code bind}, {@code presence}... (2.4 % of the event loop's
 * samples while logging users in). The list is fixed here; what peers send never reaches the shared table.
 */
final class ParserVocabulary {
    /** Names as they appear on the wire (the table is keyed by prefix and local name, not by namespace). */
    private static final String DOCUMENT = """
            <stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' xmlns:db='d'
             to='' from='' id='' version='' xml:lang=''>
            <stream:features/><stream:error/><starttls required=''/><proceed/><mechanisms/><mechanism/>
            <auth mechanism=''/><challenge/><response/><success/><failure/><abort/><text/><register/><sub/><ver/>
            <db:result type='' to='' from=''/><db:verify type='' to='' from='' id=''/>
            <iq type='' id='' to='' from=''><bind><resource/><jid/></bind><session/><ping/><time/><tz/><utc/>
             <query node='' ver=''><item jid='' name='' node='' subscription='' ask='' approved=''><group/></item>
              <identity category='' type='' name=''/><feature var=''/><username/><password/><remove/><instructions/>
              <name/><version/><os/></query>
             <vCard/><blocklist/><block/><unblock/><enable/><disable/>
             <pubsub><create node=''/><configure/><publish node=''/><items node='' max_items=''/><retract notify=''/>
              <subscribe node='' jid=''/><unsubscribe node='' jid='' subid=''/><subscription node='' jid=''
              subid='' subscription=''/><subscriptions/><affiliations/><affiliation node='' affiliation=''/>
              <options/><publish-options/><default/><delete/><purge/></pubsub>
             <x type=''><field var='' type='' label=''><value/><option/><required/><desc/></field><title/></x>
             <set><max/><after/><before/><first index=''/><last/><count/></set>
             <error type='' by='' code=''/></iq>
            <presence type='' to='' from='' id=''><show/><status/><priority/><c hash='' node='' ver='' ext=''/>
             <delay stamp=''/><nick/></presence>
            <message type='' to='' from='' id=''><body/><subject/><thread parent=''/><active/><composing/><paused/>
             <inactive/><gone/><request/><received/><markable/><displayed/><acknowledged/><origin-id/><stanza-id/>
             <event/><sent/><forwarded/><private/><no-copy/><store/><no-store/><no-permanent-store/><html/>
             <encrypted/><header sid=''/><payload/><key rid='' prekey=''/><iv/><replace/><reference/>
             <r/><a h=''/></message>
            </stream:stream>""";

    private ParserVocabulary() {
    }

    /**
     * Parses {@link #DOCUMENT} with a reader of {@code factory} and closes it, which merges the names it met into the
     * factory's table (readers of peers' streams are never closed, so theirs never are).
     */
    static void teach(AsyncXMLInputFactory factory) {
        AsyncXMLStreamReader<AsyncByteArrayFeeder> reader = factory.createAsyncForByteArray();
        byte[] bytes = DOCUMENT.getBytes(StandardCharsets.UTF_8);
        try {
            reader.getInputFeeder().feedInput(bytes, 0, bytes.length);
            reader.getInputFeeder().endOfInput();
            for (int event = reader.next(); event != XMLStreamConstants.END_DOCUMENT; event = reader.next()) {
                if (event == AsyncXMLStreamReader.EVENT_INCOMPLETE) {
                    throw new IllegalStateException("the parser vocabulary is not a whole document");
                }
            }
            reader.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("the parser vocabulary is not well-formed XML", e);
        }
    }
}
