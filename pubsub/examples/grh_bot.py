"""The `grh` channel of the README: the HR bot publishes each new employee on node `grh` of
pubsub.<domain>, and every bot subscribed to it (directory, payroll, telephony) is told at once.

  python3 grh_bot.py listen  annuaire@iut.rdz/bot PASSWORD           # prints "NEW <id> <text>" per item
  python3 grh_bot.py publish rh@iut.rdz/bot PASSWORD "Jeanne Martin"  # creates the node if needed

Options after the arguments: --host HOST (default 127.0.0.1), --port PORT (5222), --ca FILE (the
server's certificate, e.g. data/certs/<domain>.crt, when it is self-signed).
Needs slixmpp (Debian: apt-get install python3-slixmpp).
"""
import argparse
import xml.etree.ElementTree as ET

import slixmpp
from slixmpp.exceptions import IqError

NODE = "grh"
NS = "urn:example:grh"


class GrhBot(slixmpp.ClientXMPP):
    def __init__(self, jid, password, mode, text):
        super().__init__(jid, password)
        self.mode, self.text = mode, text
        self.service = "pubsub." + self.boundjid.domain
        self.register_plugin("xep_0060")
        self.add_event_handler("session_start", self.start)
        self.add_event_handler("pubsub_publish", self.received)

    async def start(self, _):
        self.send_presence()
        pubsub = self["xep_0060"]
        if self.mode == "listen":
            await pubsub.subscribe(self.service, NODE)   # once is enough: the subscription is kept
            print("SUBSCRIBED", flush=True)
            return
        try:
            await pubsub.create_node(self.service, NODE)
        except IqError as e:
            if e.condition != "conflict":                # the node exists already: fine
                raise
        employee = ET.Element("{%s}employee" % NS)
        employee.text = self.text
        result = await pubsub.publish(self.service, NODE, payload=employee)
        print("PUBLISHED", result["pubsub"]["publish"]["item"]["id"], flush=True)
        self.disconnect()

    def received(self, msg):
        item = msg["pubsub_event"]["items"]["item"]
        print("NEW", item["id"], item["payload"].text, flush=True)


def main():
    args = argparse.ArgumentParser()
    args.add_argument("mode", choices=["listen", "publish"])
    args.add_argument("jid")
    args.add_argument("password")
    args.add_argument("text", nargs="?", default="")
    args.add_argument("--host", default="127.0.0.1")
    args.add_argument("--port", type=int, default=5222)
    args.add_argument("--ca")
    a = args.parse_args()
    bot = GrhBot(a.jid, a.password, a.mode, a.text)
    if a.ca:
        bot.ca_certs = a.ca
    bot.connect(address=(a.host, a.port), force_starttls=True)
    bot.process(forever=a.mode == "listen")


if __name__ == "__main__":
    main()
