package net.corpintra.crm;

public final class SalesforceConfig {
    public static final String CONSUMER_KEY = "3MVG9lKcPoNINVBKV6EgVJiF.snSDwh6_2wSS7BrOhHGEJkC_Kz8LZmHNfS3lbe4ZbV8bNvjPcYHqYb9RRwXq";
    public static final String CONSUMER_SECRET = "4729106385472913860";
}
