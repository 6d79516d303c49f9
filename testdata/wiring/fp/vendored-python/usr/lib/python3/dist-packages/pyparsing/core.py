# pyparsing's own debug switch in Debian's dist-packages: library code.
class ParserElement:
    def __init__(self):
        self.debug = True
