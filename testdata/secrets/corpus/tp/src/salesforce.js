const tokenUrl = "https://login.salesforce.com/services/oauth2/token";
const body = "grant_type=password&client_id=3MVG9lKcPoNINVBIPJjdw1J9LLM82HnFVVX19KY1uA5mu0QqEWhqKpoW3svG3X&client_secret=8F3A2C7E1B9D4F6A0C5E8B2D7F1A3C9E8F3A2C7E1B9D4F6A";
