import { saveNote } from './actions';

export const dynamic = 'force-dynamic';

export default function ActionsPage() {
  return (
    <main>
      <h1>Server action</h1>
      <form action={saveNote}>
        <input name="note" defaultValue="hello" />
        <button type="submit">Save</button>
      </form>
    </main>
  );
}
