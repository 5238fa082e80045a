// Handlers of the "products" operations: a read-only catalogue.
import { problem } from "../runtime/problem-details.js";
import type { ProductsHandlers } from "../server/contract.gen.js";
import type { Principal } from "../security.js";
import { page, store } from "../store.js";

export const productsHandlers: ProductsHandlers<Principal> = {
  listProducts({ query }) {
    const products = [...store.products.values()].filter(
      (p) => (query.status === undefined || p.status === query.status) && (query.category_id === undefined || p.category_id === query.category_id),
    );
    return { status: 200, body: page(products, query.limit, query.cursor, "products") };
  },

  getProduct({ path }) {
    const product = store.products.get(path.productId);
    if (!product) throw problem(404, { title: "Not Found", code: "PRODUCT_NOT_FOUND", detail: "No product has this id." });
    return { status: 200, body: product };
  },

  listCategories() {
    return { status: 200, body: store.categories };
  },
};
