/** @type {import("next").NextConfig} */
const config = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The server (server/main.ts) runs Next in-process; lib/ is plain TypeScript compiled with the app.
  typedRoutes: false,
};

export default config;
