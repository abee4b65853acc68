/// Names across scripts: romanization, name keys and similarity.
public enum TarjumanNames {}
