# class: debug
# A parser's own debug switch (pyparsing core.py sets self.debug = True):
# no Flask app object, no finding.
class Tokenizer:
    def __init__(self):
        self.debug = True

    def set_debug(self, flag=True):
        self.debug = flag


settings = {"debug": True}
