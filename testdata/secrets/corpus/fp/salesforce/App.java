public final class App {
    static final String CLIENT_SECRET = System.getenv("SF_CLIENT_SECRET");
    static final long CLIENT_SECRET_ROTATED_AT = 1735689600123L;
    static final String CONSUMER_SECRET = "0000000000000000000";
    static final int CLIENT_SECRET_LENGTH = 19;
}
