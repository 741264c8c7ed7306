import type { ReactNode } from 'react';

export const metadata = { title: 'dd-otel Next.js demo' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
