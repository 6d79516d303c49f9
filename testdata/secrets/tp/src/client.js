export const client = new Client({
  api_key: "Zq8RtY2uIo5pLk3jHg7fDs1aWe",
});
