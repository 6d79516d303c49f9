exports.up = function (knex) {
  return knex.schema.createTable('members', (t) => {
    t.increments('id');
    t.string('email').notNullable();
  });
};
