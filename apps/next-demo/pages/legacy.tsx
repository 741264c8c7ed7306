import type { GetServerSideProps } from 'next';

interface LegacyProps {
  renderedAt: string;
}

/** Pages Router page with getServerSideProps. */
export const getServerSideProps: GetServerSideProps<LegacyProps> = async () => ({
  props: { renderedAt: new Date().toISOString() },
});

export default function LegacyPage({ renderedAt }: LegacyProps) {
  return (
    <main>
      <h1>Pages Router</h1>
      <p>Rendered at {renderedAt}</p>
    </main>
  );
}
