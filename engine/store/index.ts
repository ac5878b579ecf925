import { BounceStore } from './bounces.ts';
import { openDatabase, type Db } from './db.ts';
import { DeliveryStore } from './deliveries.ts';
import { IncomingStore } from './incoming.ts';
import { ListStore } from './lists.ts';
import { MemberStore } from './members.ts';
import { PostStore } from './posts.ts';
import { SettingsStore, StateStore } from './settings.ts';

/** The store: one SQLite database and a repository per table group. */
export class Store {
  readonly settings: SettingsStore;
  readonly state: StateStore;
  readonly lists: ListStore;
  readonly members: MemberStore;
  readonly incoming: IncomingStore;
  readonly posts: PostStore;
  readonly deliveries: DeliveryStore;
  readonly bounces: BounceStore;

  constructor(readonly db: Db) {
    this.settings = new SettingsStore(db);
    this.state = new StateStore(db);
    this.lists = new ListStore(db);
    this.members = new MemberStore(db);
    this.incoming = new IncomingStore(db);
    this.posts = new PostStore(db);
    this.deliveries = new DeliveryStore(db);
    this.bounces = new BounceStore(db);
  }

  static open(dataDir: string): Store {
    return new Store(openDatabase(dataDir));
  }

  close(): void {
    this.db.close();
  }
}
