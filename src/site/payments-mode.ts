/** Payments are simulated unless the build (and the functions, from the same environment) has Stripe keys. */
export function paymentsMode(): 'demo' | 'stripe' {
  return process.env['STRIPE_PUBLISHABLE_KEY'] && process.env['STRIPE_SECRET_KEY'] ? 'stripe' : 'demo';
}
