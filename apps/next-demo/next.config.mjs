/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // No serverExternalPackages entry for @dd-otel/*: the point of the demo is that it bundles as is.
};

export default nextConfig;
