/// A streaming XML reader for the exchange formats (TBX, TMX).
public enum TarjumanXML {}
