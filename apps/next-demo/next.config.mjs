/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // No serverExternalPackages entry for @dd-otel/*: the point of the demo is that it bundles as is.
  experimental: { serverMinification: false },
};

export default nextConfig;
