const config = {
  apiKey: "k9Qm2ZxL7vR4tWp8nBc1YsHd6Jf",
  region: "eu",
};
export default config;
